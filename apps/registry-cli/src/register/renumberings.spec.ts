import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { v4 as uuid } from 'uuid';
import { RegisterDb } from './register-db';

/**
 * §1.8 in the analysts' tables: a renumbering is a code change, never a move. The tables keep the numbers
 * as recorded (the legacy export round-trips them) and add each number as it is called today.
 */
let dir: string;
let store: EventStore;

const append = (stream: string, type: string, data: Record<string, unknown>, registeredAt: string) =>
  store.appendToStream(stream, [{ id: uuid(), type, data, metadata: { registeredAt } }]);

const person = (personId: string, municipality: string, on: string) =>
  append(
    `person-${personId}`,
    'PersonRegistered',
    {
      personId,
      nin: '01010112345',
      ninKind: 'FNR',
      birthDate: '2001-01-01',
      sex: null,
      municipality,
      householdId: null,
      parentIds: [],
      entitlement: null,
      registeredOn: on,
    },
    `${on}T12:00:00+01:00`,
  );

const renumber = (oldNumber: string, newNumber: string, effectiveFrom: string) =>
  append(
    `municipality-${oldNumber}`,
    'MunicipalityRenumbered',
    { oldNumber, newNumber, effectiveFrom },
    `${effectiveFrom}T08:00:00+01:00`,
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-renumberings-'));
  store = await openEmbeddedEventStore({ path: join(dir, 'events') });
  await person('p-baerum', '0219', '2005-03-01');
  await person('p-oslo', '0301', '2005-03-01');
  await person('p-asker', '0220', '2005-03-01');
  await person('p-moved', '0219', '2005-03-01');
  await append(
    'person-p-moved',
    'PersonMoved',
    {
      personId: 'p-moved',
      fromMunicipality: '0219',
      municipality: '0301',
      householdId: null,
      movedOn: '2010-05-01',
    },
    '2010-05-01T12:00:00+02:00',
  );
  await append(
    'contract-L-B',
    'ContractCreated',
    {
      contractId: 'L-B',
      municipality: '0219',
      officeOrgNo: '974760673',
      maxPatients: 1200,
      validFrom: '2005-01-01',
      commonList: false,
      fixedSalary: false,
      status: 'OPEN',
    },
    '2004-12-01T12:00:00+01:00',
  );
  await renumber('0219', '3024', '2020-01-01');
  await renumber('3024', '3201', '2024-01-01');
  // A wrong renumbering, annulled by a correction: it never applies.
  await renumber('0220', '1103', '2020-01-01');
  await append(
    'municipality-0220',
    'MunicipalityRenumberingAnnulled',
    {
      oldNumber: '0220',
      newNumber: '1103',
      effectiveFrom: '2020-01-01',
      correctionId: uuid(),
      reason: 'wrong target',
    },
    '2020-02-01T08:00:00+01:00',
  );
  // Announced for a date after today: not today's number yet.
  await renumber('0301', '0399', '2999-01-01');
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('persons and contracts keep the recorded number and get today’s number after the renumberings in force', async () => {
  const db = await RegisterDb.load(store);
  try {
    const persons = await db.rows(
      'SELECT person_id, first_municipality, municipality, municipality_now FROM x_persons ORDER BY person_id',
    );
    expect(persons).toEqual([
      { person_id: 'p-asker', first_municipality: '0220', municipality: '0220', municipality_now: '0220' },
      { person_id: 'p-baerum', first_municipality: '0219', municipality: '0219', municipality_now: '3201' },
      { person_id: 'p-moved', first_municipality: '0219', municipality: '0301', municipality_now: '0301' },
      { person_id: 'p-oslo', first_municipality: '0301', municipality: '0301', municipality_now: '0301' },
    ]);
    expect(await db.rows('SELECT contract_id, municipality, municipality_now FROM x_contracts')).toEqual([
      { contract_id: 'L-B', municipality: '0219', municipality_now: '3201' },
    ]);
    expect(
      await db.rows(
        'SELECT old_number, new_number, effective_from FROM x_renumberings ORDER BY effective_from, old_number',
      ),
    ).toEqual([
      { old_number: '0219', new_number: '3024', effective_from: '2020-01-01' },
      { old_number: '3024', new_number: '3201', effective_from: '2024-01-01' },
      { old_number: '0301', new_number: '0399', effective_from: '2999-01-01' },
    ]);
  } finally {
    db.close();
  }
});
