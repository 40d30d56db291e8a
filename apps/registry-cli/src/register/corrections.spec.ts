import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { DisclosureSession } from '../sql/disclosure-session';
import { exportViews } from '../sql/export-views';
import { registerStats } from '../stats/register-stats';
import { CORRECTED, writeCorrectedRegister } from '../testing/corrected-register';
import { RegisterDb } from './register-db';

/**
 * Issue 11 in the analysts' tables: a fact annulled by a correction never happened (valid time), as the
 * API's read models answer. The register is written through the command processor, so the correction
 * events are the ones the API records (FactAnnulled, PatientUnlistingAnnulled, WaitingListJoined).
 */
let dir: string;
let store: EventStore;
let db: RegisterDb;
let persons: Map<string, Record<string, string>>;
let links: Record<string, string>[];
let waiting: Record<string, string>[];

/** A small CSV export read back as objects (no value of these views holds a comma or a quote). */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-corrections-'));
  store = await openEmbeddedEventStore({ path: join(dir, 'events') });
  await writeCorrectedRegister(store);
  db = await RegisterDb.load(store);
  // The admin role's own export: exact dates and NINs, so each person can be found.
  const admin = await DisclosureSession.open(db, { role: 'admin' });
  await exportViews(db, admin, ['persons', 'links', 'waiting'], join(dir, 'out'), 'csv');
  persons = new Map(readCsv(join(dir, 'out', 'persons.csv')).map((p) => [p.nin!, p]));
  links = readCsv(join(dir, 'out', 'links.csv'));
  waiting = readCsv(join(dir, 'out', 'waiting.csv'));
});
afterAll(async () => {
  db?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const linksOf = (nin: string) => links.filter((l) => l.nin === nin);

describe('persons.csv and links.csv show the history as corrected', () => {
  it('an annulled death: the person is alive and the list link the death ended runs on', () => {
    expect(persons.get(CORRECTED.died)).toMatchObject({ died_on: '' });
    expect(linksOf(CORRECTED.died)).toEqual([
      expect.objectContaining({ contract_id: 'L-A', from_date: '2020-02-01', to_date: '', end_reason: '' }),
    ]);
  });

  it('a death that stands still ends the person and the link', () => {
    expect(persons.get(CORRECTED.dead)).toMatchObject({ died_on: '2021-03-01' });
    expect(linksOf(CORRECTED.dead)).toEqual([
      expect.objectContaining({
        contract_id: 'L-A',
        to_date: '2021-03-02',
        end_reason: expect.stringMatching(/.+/),
      }),
    ]);
  });

  it('an annulled move: the person lives where they lived before, and no move is left', async () => {
    expect(persons.get(CORRECTED.moved)).toMatchObject({ municipality: '0301', municipality_now: '0301' });
    const moves = await db.rows(
      `SELECT m.* FROM x_moves m JOIN x_persons p USING (person_id) WHERE p.nin = '${CORRECTED.moved}'`,
    );
    expect(moves).toEqual([]);
  });

  it('an annulled opt-out and an annulled emigration: no date, and the links they ended run on', () => {
    expect(persons.get(CORRECTED.optedOut)).toMatchObject({ opted_out_on: '' });
    expect(persons.get(CORRECTED.emigrated)).toMatchObject({ emigrated_on: '' });
    for (const nin of [CORRECTED.optedOut, CORRECTED.emigrated])
      expect(linksOf(nin)).toEqual([
        expect.objectContaining({ contract_id: 'L-A', to_date: '', end_reason: '' }),
      ]);
  });

  it('a waiting-list entry the annulled death ended is one entry again, still waiting from its first day', () => {
    expect(waiting.filter((w) => w.nin === CORRECTED.died)).toEqual([
      expect.objectContaining({ contract_id: 'L-B', joined_on: '2020-06-01', left_on: '', leave_reason: '' }),
    ]);
    expect(waiting.filter((w) => w.nin === CORRECTED.dead)).toEqual([
      expect.objectContaining({ left_on: '2021-03-01', leave_reason: 'DEATH' }),
    ]);
  });
});

describe('stats count the corrected history', () => {
  it('after the annulled facts, every person but the dead one is a listed resident, and two wait', async () => {
    const stats = await registerStats(db, { from: '2021-08-01', to: '2022-01-01', every: 'month' }, 1);
    for (const date of ['2021-08-01', '2022-01-01'])
      expect(stats.figures.find((r) => r.date === date)).toMatchObject({
        residents: 5,
        listed_residents: 5,
        unassigned: 0,
        waiting: 2,
      });
  });
});
