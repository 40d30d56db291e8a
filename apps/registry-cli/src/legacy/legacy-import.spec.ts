import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { generateHistory } from '@flr/testing';
import { appendHistory, type HistoryEvent } from '../register/append-history';
import { RegisterDb } from '../register/register-db';
import { smallExtract, writeExtract } from '../testing/legacy-fixture';
import { exportLegacy } from './export-legacy';
import { type ImportOptions, importLegacy } from './import-legacy';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-legacy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fresh = (name: string) => join(dir, `${name}-${n++}`);
const storeAt = (path: string) => () => openEmbeddedEventStore({ path: join(path, 'events') });
const options = (over: Partial<ImportOptions> = {}): ImportOptions => ({
  ninPolicy: { allowSynthetic: false, rule2032: false },
  skipRejected: false,
  reportPath: join(dir, `rejected-${n++}.csv`),
  ...over,
});

async function withStore<T>(path: string, work: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await storeAt(path)();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The register as the legacy files (the exact tables, keyed by NIN): what two registers must share. */
async function legacyFiles(path: string): Promise<Record<string, string[]>> {
  const out = join(path, '..', `${n++}-export`);
  const db = await withStore(path, (store) => RegisterDb.load(store));
  try {
    await exportLegacy(db, out);
  } finally {
    db.close();
  }
  const files: Record<string, string[]> = {};
  for (const file of readdirSync(out))
    files[file] = readFileSync(join(out, file), 'utf8').trim().split('\n').sort();
  return files;
}

async function logIds(path: string): Promise<string[]> {
  return withStore(path, async (store) => {
    const ids: string[] = [];
    for await (const event of store.readAll()) ids.push(event.id);
    return ids;
  });
}

describe('legacy import', () => {
  it('imports a valid extract as history recorded at the original registration times', async () => {
    const source = writeExtract(fresh('extract'), smallExtract());
    const target = fresh('register');
    const outcome = await importLegacy(source, storeAt(target), options());
    expect(outcome).toMatchObject({ rejected: 0, imported: true });
    expect(outcome.appended).toBe(outcome.events);
    await withStore(target, async (store) => {
      const times: string[] = [];
      for await (const event of store.readAll()) times.push(String(event.metadata.registeredAt));
      expect(times[0]).toBe('2001-05-01T10:00:00.000Z');
      expect([...times].sort((a, b) => Date.parse(a) - Date.parse(b))).toEqual(times);
      expect(times).toContain('2012-03-05T10:00:00.000Z');
    });
    const files = await legacyFiles(target);
    expect(files['patient_periods.csv']).toHaveLength(13); // header + 12 periods
    expect(files['waiting.csv'].join('\n')).toContain('2018-01-01,LEFT');
  });

  it('rejects every bad row with file, line, field and reason, and then imports nothing', async () => {
    const extract = smallExtract();
    extract.persons[1].nin = '12345678901'; // check digits
    extract.persons[2].municipality = '1201';
    extract.persons[2].registered_on = '2019-06-01'; // 1201 (Bergen) became 4601 in 2020: fine in 2019
    extract.persons[4].municipality = '1201';
    extract.persons[4].registered_on = '2021-06-01'; // ... but not valid in 2021
    extract.patient_periods.push({ ...extract.patient_periods[5], from: '2005-01-01' }); // overlaps line 7
    extract.doctor_periods[0].from = '2000-01-01'; // before the contract
    extract.contracts.push({ ...extract.contracts[1], contract_id: 'C', max_patients: 'many' });
    const source = writeExtract(fresh('bad'), extract);
    const target = fresh('register');
    const report = join(dir, `report-${n++}.csv`);
    const outcome = await importLegacy(source, storeAt(target), options({ reportPath: report }));
    expect(outcome.imported).toBe(false);
    expect(existsSync(target)).toBe(false);
    const rows = readFileSync(report, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('file,line,field,reason');
    expect(rows).toContain('persons.csv,3,nin,invalid identity number: check digit 1 does not match');
    expect(
      rows.some((r) =>
        r.startsWith('persons.csv,6,municipality,municipality 1201 is not valid on 2021-06-01'),
      ),
    ).toBe(true);
    expect(rows.some((r) => r.startsWith('persons.csv,4,'))).toBe(false);
    expect(rows).toContain('patient_periods.csv,14,from,overlaps the period on line 7');
    expect(rows).toContain('doctor_periods.csv,2,from,before the contract starts (2001-06-01)');
    expect(rows).toContain('contracts.csv,4,max_patients,not an integer 1..10000');
    // A rejected person or contract takes the rows that name it along.
    expect(rows.some((r) => r.startsWith('patient_periods.csv,3,nin,no accepted person'))).toBe(true);
  });

  it('with skip-rejected imports the accepted rows', async () => {
    const extract = smallExtract();
    extract.persons[1].nin = '12345678901';
    const source = writeExtract(fresh('skip'), extract);
    const target = fresh('register');
    const outcome = await importLegacy(source, storeAt(target), options({ skipRejected: true }));
    expect(outcome).toMatchObject({ imported: true, rejected: 2 }); // the person and their period
    const files = await legacyFiles(target);
    expect(files['persons.csv']).toHaveLength(13); // header + 12 of 13
  });

  it('a run cut off midway and run again ends with the same register as one clean run', async () => {
    const source = writeExtract(fresh('rerun'), smallExtract());
    const clean = fresh('clean');
    await importLegacy(source, storeAt(clean), options());
    const cut = fresh('cut');
    const first = await importLegacy(source, storeAt(cut), options({ stopAfter: 17 }));
    expect(first.appended).toBeLessThan(first.events);
    const second = await importLegacy(source, storeAt(cut), options());
    expect(second.imported).toBe(true);
    expect(await logIds(cut)).toEqual(await logIds(clean));
    expect(await legacyFiles(cut)).toEqual(await legacyFiles(clean));
  });

  it('refuses to mix a different extract into a register', async () => {
    const target = fresh('register');
    await importLegacy(writeExtract(fresh('one'), smallExtract()), storeAt(target), options());
    const other = smallExtract();
    other.contracts[1].max_patients = 1200;
    await expect(importLegacy(writeExtract(fresh('two'), other), storeAt(target), options())).rejects.toThrow(
      'already holds another history',
    );
  });

  it('round trip: export legacy of a generated register, imported into an empty one, gives identical tables', async () => {
    const generated = fresh('generated');
    await withStore(generated, (store) =>
      appendHistory(
        store,
        generateHistory({ persons: 600, seed: 'round-trip', to: '2012-01-01' }) as Iterable<HistoryEvent>,
      ),
    );
    const extract = join(dir, `extract-${n++}`);
    const db = await withStore(generated, (store) => RegisterDb.load(store));
    try {
      await exportLegacy(db, extract);
    } finally {
      db.close();
    }
    const imported = fresh('imported');
    const outcome = await importLegacy(
      extract,
      storeAt(imported),
      options({ ninPolicy: { allowSynthetic: true, rule2032: false } }),
    );
    expect(outcome.rejected).toBe(0);
    const before = await legacyFiles(generated);
    expect(before['patient_periods.csv'].length).toBeGreaterThan(600);
    expect(await legacyFiles(imported)).toEqual(before);
    // Thousands of durable appends, each commit with two syncs (data pages, then the meta page):
    // beyond jest's 60 s on a loaded machine.
  }, 180_000);
});
