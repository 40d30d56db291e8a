import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { type AuditRecord, PSEUDONYM, PseudonymKeys, readAuditPath } from '@flr/application';
import { openEmbeddedEventStore } from '@flr/event-store';
import { nin } from '@flr/testing';
import { CORRECTED, writeCorrectedRegister } from './testing/corrected-register';
import { buildCli, flr } from './testing/run';

// Each case starts the command line as a process (about 2 s on a loaded machine).
jest.setTimeout(180_000);

/**
 * The command line's own guards, black-box: R48's small-cell floor, the series' default end, and
 * identity numbers checked as the API checks them.
 */
let dir: string;
let data: string;

beforeAll(async () => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'cli-guards-'));
  data = join(dir, 'register');
  const store = await openEmbeddedEventStore({ path: join(data, 'events') });
  try {
    await writeCorrectedRegister(store);
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const disclosures = () =>
  readFileSync(join(data, 'disclosures.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('small cells (R48: counts under 5 suppressed)', () => {
  it.each([
    ['stats', '--min-cell', '1'],
    ['sql', 'select count(*) as n from persons', '--min-cell', '4'],
    ['chart', 'changes', '--min-cell', '2', '--out'],
  ])('%s refuses a floor under 5 without --allow-small-cells, with exit 2', async (...args) => {
    const out = args.at(-1) === '--out' ? [join(dir, 'chart.svg')] : [];
    const run = await flr(...args, ...out, '-d', data);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--min-cell \d would show counts under 5, which R48 suppresses/);
    expect(run.stderr).toContain('--allow-small-cells');
  });

  it('shows small cells with a reason, and the disclosure log records the floor and the reason', async () => {
    const run = await flr(
      'stats',
      '--from',
      '2022-01-01',
      '--to',
      '2022-01-01',
      '--min-cell',
      '1',
      '--allow-small-cells',
      'checking a six-person test register',
      '-d',
      data,
    );
    expect(run.code).toBe(0);
    // Two lists, L-B with one patient: shown as they are, not as "<5".
    expect(run.stdout).not.toContain('<5');
    expect(run.stdout).toMatch(/^2022-01-01\s+2\s/m);
    expect(disclosures().at(-1)).toMatchObject({
      kind: 'stats',
      smallCells: { minCell: 1, reason: 'checking a six-person test register' },
    });
  });

  it('suppresses under 5 by default and logs no override', async () => {
    const run = await flr('stats', '--from', '2022-01-01', '--to', '2022-01-01', '-d', data);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<5');
    expect(disclosures().at(-1).smallCells).toBeUndefined();
  });
});

describe('chart with --every', () => {
  it('is refused, exit 2: each chart has its own step, which --every would not change', async () => {
    const run = await flr(
      'chart',
      'without-gp',
      '--every',
      'month',
      '--out',
      join(dir, 'every.svg'),
      '-d',
      data,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--every is for stats and report');
  });
});

describe('stats without --to', () => {
  it('runs to the present: the last yearly date is New Year of the run’s year (UTC)', async () => {
    const run = await flr('stats', '--from', '2020-01-01', '-d', data);
    expect(run.code).toBe(0);
    const dates = [...run.stdout.matchAll(/^(\d{4}-\d{2}-\d{2})\s/gm)].map((m) => m[1]);
    expect(dates.at(-1)).toBe(`${new Date().toISOString().slice(0, 4)}-01-01`);
  });
});

describe('query with an identity number', () => {
  const invalid = `${CORRECTED.died.slice(0, 10)}${(Number(CORRECTED.died[10]) + 1) % 10}`;

  it.each(['gp-at', 'history'])('%s refuses a malformed --nin with INVALID_NIN and exit 2', async (what) => {
    const run = await flr('query', what, '--nin', invalid, '-d', data);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('INVALID_NIN: --nin check digit 2 does not match');
    expect(run.stderr + run.stdout).not.toContain(invalid);
  });

  it.each(['gp-at', 'history'])(
    '%s answers a valid number of no registered person with UNKNOWN_PERSON and exit 1',
    async (what) => {
      const unknown = nin('1999-01-10', 0);
      const run = await flr('query', what, '--nin', unknown, '-d', data);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('UNKNOWN_PERSON: no person with that identity number in the register');
      expect(run.stderr).not.toContain(unknown);
    },
  );

  it('gp-at still answers for a valid number', async () => {
    const run = await flr('query', 'gp-at', '--nin', CORRECTED.died, '--at', '2022-01-01', '-d', data);
    expect(run.code).toBe(0);
    // The annulled death ended nothing: the person is on L-A.
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'found', gp: { contractId: 'L-A' } });
  });
});

describe('the read audit of queries by identity number (as the API audits its reads)', () => {
  const lines = (): AuditRecord[] => {
    const path = readAuditPath(data);
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  };

  it('records who read whom (the audit pseudonym, never the number) before the answer, and refusals too', async () => {
    const before = lines().length;
    const answered = await flr('query', 'gp-at', '--nin', CORRECTED.died, '--at', '2022-01-01', '-d', data);
    expect(answered.code).toBe(0);
    const unknown = nin('1999-01-10', 0);
    const refused = await flr('query', 'history', '--nin', unknown, '-d', data);
    expect(refused.code).toBe(1);
    const added = lines().slice(before);
    const keys = new PseudonymKeys({ dataDir: data, pseudonymSecret: null });
    expect(added).toEqual([
      expect.objectContaining({
        consumer: expect.stringMatching(/^cli:/),
        query: 'flr query gp-at',
        params: { at: '2022-01-01' },
        person: keys.forAudit(CORRECTED.died),
        outcome: 'answered',
      }),
      expect.objectContaining({
        query: 'flr query history',
        person: keys.forAudit(unknown),
        outcome: 'refused',
      }),
    ]);
    expect(added[0]!.person).toMatch(PSEUDONYM);
    // A whole list is recorded against its contract, as the API records its patients' reads.
    const list = await flr('query', 'list-at', '--contract', 'L-A', '--role', 'admin', '-d', data);
    expect(list.code).toBe(0);
    expect(lines().at(-1)).toMatchObject({
      query: 'flr query list-at',
      contract: 'L-A',
      outcome: 'answered',
    });
    expect(lines().at(-1)).not.toHaveProperty('person');
    const text = readFileSync(readAuditPath(data), 'utf8');
    expect(text).not.toContain(CORRECTED.died);
    expect(text).not.toContain(unknown);
  });
});

describe('query of a list or a municipality, as the API answers it', () => {
  it('list-at of a list the register does not hold is UNKNOWN_CONTRACT, exit 1 (not "0 patient(s)")', async () => {
    const run = await flr('query', 'list-at', '--contract', 'L-NOPE', '--role', 'admin', '-d', data);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('UNKNOWN_CONTRACT: no contract L-NOPE in the register');
    expect(run.stdout).toBe('');
  });

  it('list-at of a list it holds lists its patients', async () => {
    const run = await flr(
      'query',
      'list-at',
      '--contract',
      'L-B',
      '--at',
      '2022-01-01',
      '--role',
      'admin',
      '-d',
      data,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('1 patient(s)');
  });

  it('capacity of a municipality number that is not 4 digits is a usage error, exit 2', async () => {
    const run = await flr('query', 'capacity', '--municipality', '301', '-d', data);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--municipality must be a 4-digit kommunenummer');
  });
});
