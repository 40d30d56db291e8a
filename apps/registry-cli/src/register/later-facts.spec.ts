import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandProcessor, type RegisterCommand } from '@flr/application';
import { DEFAULT_REGISTER_RULES, makeOrgNo } from '@flr/domain';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { nin } from '@flr/testing';
import { exportLegacy } from '../legacy/export-legacy';
import { importLegacy } from '../legacy/import-legacy';
import { registerStats } from '../stats/register-stats';
import { RegisterDb } from './register-db';

/**
 * The analysts' tables follow the facts recorded after a person, a contract or a GP was first
 * registered, as the API's read models do: a return from abroad, a new household, a new identity
 * number, a contract's new office and a GP's new details. Written through the real command processor.
 */
const OSLO = '0301';
const BERGEN = '4601';
const RETURNED = nin('1975-02-10', 0);
const EMIGRATED = nin('1976-02-10', 0);
const REHOUSED = nin('1977-02-10', 0);
const RENUMBERED_D = nin('1978-02-10', 0, 'DNR');
const RENUMBERED_F = nin('1978-02-10', 1);
const OFFICE = makeOrgNo('91234567') ?? makeOrgNo('91234568')!;
const NEW_OFFICE = makeOrgNo('92345678') ?? makeOrgNo('92345679')!;
const HPR = 9100001;

let dir: string;
let store: EventStore;
let db: RegisterDb;
/** The same register through the legacy extract: `flr export legacy`, imported into an empty register. */
let reimported: RegisterDb;
let reimportedStore: EventStore;
let rejected: number;

async function writeRegister(): Promise<void> {
  const processor = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
  await processor.start();
  const run = (date: string, command: RegisterCommand) =>
    processor.execute(command, { actor: 'spec', registeredAt: `${date}T12:00:00+01:00` });
  try {
    await run('2020-01-01', {
      type: 'CreateContract',
      contractId: 'L-A',
      municipality: OSLO,
      officeOrgNo: OFFICE,
      maxPatients: 20,
      validFrom: '2020-01-01',
    });
    await run('2020-01-01', { type: 'RegisterGp', hpr: HPR, name: 'Kari Nordmann' });
    for (const person of [RETURNED, EMIGRATED, REHOUSED])
      await run('2020-01-02', {
        type: 'RegisterPerson',
        nin: person,
        municipality: OSLO,
        householdId: 'H-first',
      });
    await run('2020-01-02', {
      type: 'RegisterPerson',
      nin: RENUMBERED_D,
      municipality: OSLO,
      entitlement: 'asylum-seeker',
    });
    for (const person of [RETURNED, EMIGRATED])
      await run('2021-03-01', { type: 'RecordEmigration', nin: person, emigratedOn: '2021-03-01' });
    await run('2022-02-01', {
      type: 'RecordMove',
      nin: RETURNED,
      municipality: BERGEN,
      householdId: 'H-back',
      movedOn: '2022-02-01',
    });
    await run('2022-04-01', {
      type: 'RecordMove',
      nin: REHOUSED,
      municipality: OSLO,
      householdId: 'H-second',
      movedOn: '2022-04-01',
    });
    await run('2022-05-01', { type: 'ChangeNin', nin: RENUMBERED_D, newNin: RENUMBERED_F });
    await run('2022-06-01', {
      type: 'UpdateContract',
      contractId: 'L-A',
      validFrom: '2022-06-01',
      changes: { officeOrgNo: NEW_OFFICE, fixedSalary: true },
    });
    await run('2022-06-01', { type: 'ChangeListCeiling', contractId: 'L-A', maxPatients: 25 });
    await run('2022-06-01', {
      type: 'UpdateGp',
      hpr: HPR,
      validFrom: '2022-06-01',
      changes: { name: 'Kari Nordmann Berg', specialistInGeneralPractice: true },
    });
    // Recorded now, in force only in a far future: the tables answer as of today.
    await run('2022-07-01', {
      type: 'UpdateContract',
      contractId: 'L-A',
      validFrom: '2099-01-01',
      changes: { fixedSalary: false },
    });
  } finally {
    await processor.stop();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-later-facts-'));
  store = await openEmbeddedEventStore({ path: join(dir, 'events') });
  await writeRegister();
  db = await RegisterDb.load(store);
  await exportLegacy(db, join(dir, 'extract'));
  const reimportedAt = () => openEmbeddedEventStore({ path: join(dir, 'reimported') });
  rejected = (
    await importLegacy(join(dir, 'extract'), reimportedAt, {
      ninPolicy: { allowSynthetic: true, rule2032: false },
      skipRejected: true,
      reportPath: join(dir, 'rejected.csv'),
    })
  ).rejected;
  reimportedStore = await reimportedAt();
  reimported = await RegisterDb.load(reimportedStore);
});
afterAll(async () => {
  db?.close();
  reimported?.close();
  await store?.close();
  await reimportedStore?.close();
  rmSync(dir, { recursive: true, force: true });
});

const person = async (n: string) =>
  (await db.rows(`SELECT * FROM x_persons WHERE nin = '${n}'`))[0] as Record<string, unknown>;

describe('persons follow the facts recorded after the registration', () => {
  it('an emigrant who moved back has no emigration date and lives where they moved to', async () => {
    expect(await person(RETURNED)).toMatchObject({
      emigrated_on: null,
      emigrated_registered_at: null,
      municipality: BERGEN,
    });
  });

  it('an emigrant who stays abroad keeps the emigration date', async () => {
    expect(await person(EMIGRATED)).toMatchObject({ emigrated_on: '2021-03-01' });
  });

  it('stats count the returned emigrant as a resident only while in Norway', async () => {
    const stats = await registerStats(db, { from: '2021-01-01', to: '2023-01-01', every: 'year' }, 1);
    const residents = (date: string) => stats.figures.find((r) => r.date === date)?.residents;
    expect(residents('2021-01-01')).toBe(4);
    expect(residents('2022-01-01')).toBe(2);
    expect(residents('2023-01-01')).toBe(3);
  });

  it('a move changes the household: to another municipality, or within one', async () => {
    expect(await person(RETURNED)).toMatchObject({ household_id: 'H-back' });
    expect(await person(REHOUSED)).toMatchObject({ municipality: OSLO, household_id: 'H-second' });
    expect(await person(EMIGRATED)).toMatchObject({ household_id: 'H-first' });
  });

  it('the legacy extract carries the current household, and the imported moves keep it', async () => {
    const households = (from: RegisterDb) =>
      from.rows('SELECT nin, municipality, household_id FROM x_persons ORDER BY nin');
    expect(await households(reimported)).toEqual(await households(db));
  });

  it('a D-number replaced by a fødselsnummer: the new number, of kind FNR, which the legacy import accepts', async () => {
    expect(await person(RENUMBERED_F)).toMatchObject({ nin_kind: 'FNR' });
    expect(rejected).toBe(0);
  });

  it('the legacy extract keeps an emigration the person came back from: imported, they are abroad in between', async () => {
    const emigrations = (from: RegisterDb) =>
      from.rows(`SELECT p.nin, e.emigrated_on, e.returned_on FROM x_emigrations e JOIN x_persons p USING (person_id)
                 ORDER BY p.nin`);
    expect(await emigrations(db)).toEqual([
      { nin: RETURNED, emigrated_on: '2021-03-01', returned_on: '2022-02-01' },
      { nin: EMIGRATED, emigrated_on: '2021-03-01', returned_on: null },
    ]);
    expect(await emigrations(reimported)).toEqual(await emigrations(db));
  });
});

describe('contracts and GPs follow their detail updates in force today', () => {
  it("the contract's office and fixed salary as updated, its new ceiling; the far-future update not yet", async () => {
    expect(await db.rows(`SELECT * FROM x_contracts WHERE contract_id = 'L-A'`)).toEqual([
      expect.objectContaining({ office_org_no: NEW_OFFICE, fixed_salary: true, max_patients: 25 }),
    ]);
  });

  it("the GP's name and specialist status as updated", async () => {
    expect(await db.rows(`SELECT * FROM x_gps WHERE hpr = ${HPR}`)).toEqual([
      expect.objectContaining({ name: 'Kari Nordmann Berg', specialist: true }),
    ]);
  });
});
