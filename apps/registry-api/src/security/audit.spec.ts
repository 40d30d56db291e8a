import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, Observable } from 'rxjs';
import { loadConfig } from '@flr/application';
import { AuditLog, AuditReadsInterceptor, type AuditRecord } from './audit';
import { Pseudonyms } from './pseudonyms';

const record = (person: string): AuditRecord => ({
  at: '2026-01-01T00:00:00.000Z',
  consumer: 'test',
  query: 'GET /v1/persons/:nin/gp',
  params: {},
  person,
  outcome: 'answered',
});

/** Each test gets a fresh data folder and audit log (both describes below). */
let dir: string;
let log: AuditLog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'security-audit-'));
  log = new AuditLog(loadConfig({ FLR_DATA_DIR: dir }));
});
afterEach(async () => {
  await log.onModuleDestroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('AuditLog', () => {
  const file = () => {
    try {
      return readFileSync(join(dir, 'audit', 'reads.ndjson'), 'utf8');
    } catch {
      return '';
    }
  };

  it('writes the records of one event-loop turn with one write, before any of their callbacks runs', async () => {
    const seen: string[][] = [];
    const all = ['ps_a', 'ps_b', 'ps_c'].map(
      (person) =>
        new Promise<void>((resolve, reject) =>
          log.append([record(person)], (error) => {
            if (error) return reject(error);
            // Every line of the group is in the file when any of its answers is released.
            seen.push(file().trim().split('\n'));
            resolve();
          }),
        ),
    );
    expect(file()).toBe('');
    expect(log.writes).toBe(0);
    await Promise.all(all);
    expect(log.writes).toBe(1);
    for (const lines of seen)
      expect(lines.map((l) => JSON.parse(l).person)).toEqual(['ps_a', 'ps_b', 'ps_c']);

    // A later turn is a new group.
    await new Promise<void>((resolve) => log.append([record('ps_d')], () => resolve()));
    expect(log.writes).toBe(2);
    expect(log.find({}, 10).map((r) => r.person)).toEqual(['ps_a', 'ps_b', 'ps_c', 'ps_d']);
  });

  it('passes a failed write to the waiting answers instead of releasing them', async () => {
    // A folder where the file should be: opening it for append fails (as root too).
    mkdirSync(join(dir, 'audit', 'reads.ndjson'));
    const outcomes = await Promise.all(
      ['ps_a', 'ps_b'].map(
        (person) => new Promise<Error | undefined>((resolve) => log.append([record(person)], resolve)),
      ),
    );
    for (const error of outcomes) expect(error).toBeInstanceOf(Error);
    rmSync(join(dir, 'audit', 'reads.ndjson'), { recursive: true });
  });
});

describe('AuditReadsInterceptor', () => {
  const context = (nin: string) =>
    ({
      switchToHttp: () => ({
        getRequest: () => ({
          method: 'GET',
          params: { nin },
          query: { at: '2024-01-01' },
          principal: { consumer: 'test' },
          routeOptions: { url: '/v1/persons/:nin/gp' },
        }),
      }),
    }) as unknown as ExecutionContext;
  const handler = (answer: () => unknown): CallHandler => ({
    handle: () =>
      new Observable((s) => {
        try {
          s.next(answer());
          s.complete();
        } catch (e) {
          s.error(e);
        }
      }),
  });

  it('hands an answer on only after its audit line is written, and a refusal likewise', async () => {
    const interceptor = new AuditReadsInterceptor(log, new Pseudonyms(loadConfig({ FLR_DATA_DIR: dir })));
    const lines = () => {
      try {
        return readFileSync(join(dir, 'audit', 'reads.ndjson'), 'utf8')
          .trim()
          .split('\n');
      } catch {
        return [];
      }
    };
    const answered = lastValueFrom(
      interceptor.intercept(
        context('24029012349'),
        handler(() => ({ linesAtHandler: lines().length })),
      ),
    ).then((answer) => ({ answer, lines: lines().length }));
    const refused = lastValueFrom(
      interceptor.intercept(
        context('15038512364'),
        handler(() => {
          throw new Error('no gp');
        }),
      ),
    ).catch((e: Error) => ({ refusedWith: e.message, lines: lines().length }));
    const [a, r] = await Promise.all([answered, refused]);
    // The handler ran before the write; the answer came out after it, with both requests' lines.
    expect(a).toEqual({ answer: { linesAtHandler: 0 }, lines: 2 });
    expect(r).toEqual({ refusedWith: 'no gp', lines: 2 });
    expect(log.writes).toBe(1);
    expect(lines().map((l) => JSON.parse(l).outcome)).toEqual(['answered', 'refused']);
    // The line's fields, in the order the audit has always written them.
    expect(Object.keys(JSON.parse(lines()[0]!))).toEqual([
      'at',
      'consumer',
      'query',
      'params',
      'outcome',
      'person',
    ]);
    expect(JSON.parse(lines()[0]!)).toMatchObject({ consumer: 'test', params: { at: '2024-01-01' } });
    expect(lines().join('\n')).not.toMatch(/\d{11}/);
  });
});
