import type { RecordedEvent } from '@flr/event-store';
import { generateHistory } from '@flr/testing';
import { Packr } from 'msgpackr';
import {
  decodePersonRegister,
  encodePersonRegister,
  PersonRegister,
  type PersonRow,
  residenceKnownOn,
  residenceOn,
} from './model';
import { changeFrom, valueOn } from './timeline';

let position = 0n;
function recorded(type: string, data: Record<string, unknown>, registeredAt: string): RecordedEvent {
  position += 1n;
  return {
    id: `e${position}`,
    type,
    data,
    metadata: { registeredAt },
    stream: 'x',
    revision: 0n,
    position,
    recordedAt: new Date(registeredAt),
    isJson: true,
  };
}

function registered(personId: string, extra: Record<string, unknown> = {}) {
  return recorded(
    'PersonRegistered',
    {
      personId,
      nin: `0101199000${personId.length}`,
      ninKind: 'FNR',
      birthDate: '1990-01-01',
      sex: null,
      municipality: '0301',
      householdId: 'H1',
      parentIds: [],
      entitlement: null,
      registeredOn: '2020-01-01',
      ...extra,
    },
    '2020-01-01T10:00:00Z',
  );
}

describe('person register (administrators’ read model)', () => {
  it('keeps residences, household members, children and leaving dates, and survives a snapshot', () => {
    const model = new PersonRegister();
    model.evolve(registered('mother'));
    model.evolve(registered('child', { parentIds: ['mother'], birthDate: '2015-01-01' }));
    model.evolve(
      recorded(
        'PersonMoved',
        {
          personId: 'mother',
          fromMunicipality: '0301',
          municipality: '1103',
          householdId: 'H2',
          movedOn: '2022-03-01',
        },
        '2022-03-02T10:00:00Z',
      ),
    );
    model.evolve(
      recorded('PersonDied', { personId: 'mother', diedOn: '2024-05-05' }, '2024-05-06T10:00:00Z'),
    );
    model.evolve(
      recorded(
        'MunicipalityRenumbered',
        { oldNumber: '0301', newNumber: '0399', effectiveFrom: '2024-01-01' },
        '2023-12-01T10:00:00Z',
      ),
    );
    const copy = decodePersonRegister(Buffer.concat(encodePersonRegister(model)));
    for (const m of [model, copy]) {
      const mother = m.rows.get('mother')!;
      expect(residenceOn(mother, '2021-01-01')).toBe('0301');
      expect(residenceOn(mother, '2022-03-01')).toBe('1103');
      expect(residenceOn(mother, '2024-05-05')).toBeNull();
      expect(m.childrenOf.get('mother')).toEqual(['child']);
      expect([...(m.householdMembers.get('H1') ?? [])]).toEqual(['child']);
      expect([...(m.householdMembers.get('H2') ?? [])]).toEqual(['mother']);
      expect(m.canonical('0301', '2023-12-31')).toBe('0301');
      expect(m.canonical('0301', '2024-01-01')).toBe('0399');
    }
  });

  it('keeps each person’s residences and households apart however much the rows share', () => {
    const model = new PersonRegister();
    // Registered on the same day in the same municipality: the same first residence.
    model.evolve(registered('a', { householdId: 'H9' }));
    model.evolve(registered('b', { householdId: 'H9' }));
    const move = (personId: string, municipality: string, householdId: string, movedOn: string) =>
      model.evolve(
        recorded(
          'PersonMoved',
          { personId, fromMunicipality: '0301', municipality, householdId, movedOn },
          `${movedOn}T10:00:00Z`,
        ),
      );
    move('a', '1103', 'H10', '2022-03-01');
    expect(model.rows.get('a')!.residences).toEqual([
      ['2020-01-01', '0301'],
      ['2022-03-01', '1103'],
    ]);
    expect(model.rows.get('b')!.residences).toEqual([['2020-01-01', '0301']]);
    expect(residenceOn(model.rows.get('b')!, '2023-01-01')).toBe('0301');
    // Everyone left H9: it is no longer listed; someone moving into it again lists it again.
    move('b', '1103', 'H10', '2022-04-01');
    expect(model.householdMembers.has('H9')).toBe(false);
    expect(model.householdMembers.get('H10')).toEqual(['a', 'b']);
    move('a', '0301', 'H9', '2022-05-01');
    expect(model.householdMembers.get('H9')).toEqual(['a']);
    expect(model.householdMembers.get('H10')).toEqual(['b']);
    const copy = decodePersonRegister(Buffer.concat(encodePersonRegister(model)));
    expect([...copy.rows.values()]).toEqual([...model.rows.values()]);
    for (const h of ['H9', 'H10'])
      expect(copy.householdMembers.get(h)).toEqual(model.householdMembers.get(h));
  });

  it('snapshots its columns, reads a cut one as damage, and still reads the older row snapshots (msgpack, JSON)', () => {
    const model = new PersonRegister();
    // Many chunks of rows (1,024 each), in two households, some with a move.
    for (let i = 0; i < 5_000; i++) {
      model.evolve(registered(`p${i}`, { householdId: `H${i % 2}`, parentIds: i > 0 ? [`p${i - 1}`] : [] }));
      if (i % 1000 === 0)
        model.evolve(
          recorded(
            'PersonMoved',
            {
              personId: `p${i}`,
              fromMunicipality: '0301',
              municipality: '1103',
              householdId: `H${i % 2}`,
              movedOn: '2021-02-01',
            },
            '2021-01-20T10:00:00Z',
          ),
        );
    }
    const bytes = Buffer.concat(encodePersonRegister(model));
    const copy = decodePersonRegister(bytes);
    const same = (m: PersonRegister, other: PersonRegister) => {
      expect([...m.rows.values()]).toEqual([...other.rows.values()]);
      for (const id of ['p0', 'p1', 'p999', 'p4998', 'p4999'])
        expect(m.childrenOf.get(id)).toEqual(other.childrenOf.get(id));
      for (const h of ['H0', 'H1']) expect(m.householdMembers.get(h)).toEqual(other.householdMembers.get(h));
      for (const number of ['0301', '1103'])
        expect(m.everResident.get(number)).toEqual(other.everResident.get(number));
    };
    same(copy, model);
    expect(model.childrenOf.get('p999')).toEqual(['p1000']);
    expect(model.householdMembers.get('H1')).toHaveLength(2_500);
    expect(model.everResident.get('1103')).toEqual(['p0', 'p1000', 'p2000', 'p3000', 'p4000']);
    expect(residenceOn(copy.rows.get('p1000')!, '2021-03-01')).toBe('1103');
    expect(() => decodePersonRegister(bytes.subarray(0, bytes.length - 10))).toThrow('truncated');
    // Format 3 (msgpack chunks of rows), written before the columns: still read, the same register.
    const packr = new Packr({ useRecords: true, moreTypes: false });
    const rows = [...model.rows.values()];
    const chunk = (value: unknown) => {
      const body = packr.pack(value);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(body.length);
      return [length, body];
    };
    const format3 = Buffer.concat([
      Buffer.from('flr-person-register\n'),
      ...chunk({ format: 3, renumbered: [...model.renumbered] }),
      ...chunk(rows.slice(0, 1024)),
      ...chunk(rows.slice(1024)),
    ]);
    same(decodePersonRegister(format3), model);
    // Format 2 (JSON), written before this one: still read, the same register.
    const legacy = Buffer.from(
      JSON.stringify({ format: 2, rows: [...model.rows.values()], renumbered: [...model.renumbered] }),
    );
    same(decodePersonRegister(legacy), model);
  });

  it('keeps every move and life event with its record time: residence as known at asOf, and who ever lived where', () => {
    const model = new PersonRegister();
    model.evolve(registered('p'));
    model.evolve(registered('q'));
    const moved = (personId: string, municipality: string, movedOn: string, at: string) =>
      recorded(
        'PersonMoved',
        { personId, fromMunicipality: '0301', municipality, householdId: null, movedOn },
        at,
      );
    model.evolve(moved('p', '1103', '2022-03-01', '2022-03-02T10:00:00Z'));
    // Recorded later, effective earlier (a backdated move): before it was recorded, p lived in 0301 on 2021-06-01.
    model.evolve(moved('p', '4601', '2021-06-01', '2023-01-10T10:00:00Z'));
    model.evolve(moved('p', '0301', '2024-01-01', '2024-01-02T10:00:00Z'));
    model.evolve(recorded('PersonOptedOut', { personId: 'q', on: '2023-02-01' }, '2023-02-01T10:00:00Z'));
    const before = Date.parse('2022-12-31T00:00:00Z');
    const copy = decodePersonRegister(Buffer.concat(encodePersonRegister(model)));
    for (const m of [model, copy]) {
      const p = m.rows.get('p')!;
      expect(residenceKnownOn(p, '2019-12-31', undefined)).toBeUndefined();
      expect(residenceKnownOn(p, '2021-06-01', undefined)).toBe('4601');
      expect(residenceKnownOn(p, '2021-06-01', before)).toBe('0301');
      expect(residenceKnownOn(p, '2022-03-01', before)).toBe('1103');
      expect(residenceKnownOn(p, '2024-01-01', undefined)).toBe('0301');
      expect(residenceKnownOn(p, '2024-01-01', before)).toBe('1103');
      expect(m.rows.get('q')!.lifeEvents).toEqual([
        ['2023-02-01', 'optedOut', Date.parse('2023-02-01T10:00:00Z')],
      ]);
      // Each person once per municipality, however often they moved back.
      expect(m.everResident.get('0301')).toEqual(['p', 'q']);
      expect(m.everResident.get('1103')).toEqual(['p']);
      expect(m.everResident.get('4601')).toEqual(['p']);
    }
  });

  it('rows of those who ever lived under some numbers: each once, in registration order, every resident on any date among them', () => {
    const model = new PersonRegister();
    for (const e of generateHistory({ persons: 2_000, seed: 'ever-lived' }))
      model.evolve(e as unknown as RecordedEvent);
    const all = [...model.rows.values()];
    const livedUnder = (row: PersonRow) =>
      new Set([row.residences[0]?.[1] ?? row.municipality, ...(row.moves ?? []).map((m) => m[1])]);
    const numbers = [...new Set(all.flatMap((row) => [...livedUnder(row)]))].sort();
    expect(numbers.length).toBeGreaterThanOrEqual(3);
    const movers = all.filter((row) => livedUnder(row).size > 1);
    expect(movers.length).toBeGreaterThan(10);
    for (const wanted of [[numbers[0]!], [numbers[1]!, numbers[2]!], numbers, ['9999']]) {
      const accept = (n: string) => wanted.includes(n);
      const rows = [...model.rows.everLivedIn(accept)];
      expect(rows.map((r) => r.personId)).toEqual(
        all.filter((row) => [...livedUnder(row)].some(accept)).map((r) => r.personId),
      );
      const ids = new Set(rows.map((r) => r.personId));
      for (const date of ['2001-06-01', '2009-05-17', '2016-11-01', '2024-01-01'])
        for (const row of all) {
          const where = residenceOn(row, date);
          if (where !== null && accept(where))
            expect({ date, id: row.personId, among: ids.has(row.personId) }).toEqual({
              date,
              id: row.personId,
              among: true,
            });
        }
    }
  });

  it('a corrected renumbering (issue 11) is forgotten: the code stands for itself again', () => {
    const model = new PersonRegister();
    const renumbering = { oldNumber: '1106', newNumber: '1103', effectiveFrom: '2027-01-01' };
    model.evolve(recorded('MunicipalityRenumbered', renumbering, '2024-01-10T10:00:00Z'));
    expect(model.canonical('1106', '2027-01-01')).toBe('1103');
    model.evolve(
      recorded(
        'MunicipalityRenumberingAnnulled',
        { ...renumbering, correctionId: 'c1', reason: 'wrong municipality' },
        '2024-02-10T10:00:00Z',
      ),
    );
    expect(model.canonical('1106', '2027-01-01')).toBe('1106');
  });

  it('dated periods: a change closes the open period, the same value on the same day continues it', () => {
    let periods = changeFrom([], 'resident', '2020-01-01');
    periods = changeFrom(periods, 'dead', '2024-05-05');
    expect(valueOn(periods, '2024-05-04')).toBe('resident');
    expect(valueOn(periods, '2024-05-05')).toBe('dead');
    expect(valueOn(periods, '2019-12-31')).toBeUndefined();
    expect(changeFrom(periods, 'dead', '2024-06-01')).toHaveLength(2);
  });

  it('a row made from the columns says what the events said, before and after a snapshot', () => {
    const model = new PersonRegister();
    model.evolve(
      registered('d', {
        ninKind: 'DNR',
        nin: '41019012345',
        entitlement: 'asylum-seeker',
        householdId: null,
      }),
    );
    model.evolve(registered('e', { householdId: 'H5' }));
    model.evolve(
      registered('kid', { parentIds: ['e', 'not-yet'], householdId: 'H5', birthDate: '2012-02-29' }),
    );
    model.evolve(registered('not-yet'));
    const at = (day: string) => `${day}T10:00:00Z`;
    model.evolve(
      recorded(
        'PersonNinChanged',
        { personId: 'd', oldNin: '41019012345', newNin: '01019012345' },
        at('2021-01-01'),
      ),
    );
    model.evolve(
      recorded(
        'WaitingListJoined',
        { personId: 'e', contractId: 'c1', joinedAt: at('2021-02-01'), requestedBy: null },
        at('2021-02-01'),
      ),
    );
    model.evolve(
      recorded(
        'WaitingListLeft',
        { personId: 'e', contractId: 'other', reason: 'PROMOTED', on: '2021-02-02' },
        at('2021-02-02'),
      ),
    );
    model.evolve(recorded('PersonEmigrated', { personId: 'e', emigratedOn: '2021-03-01' }, at('2021-03-01')));
    model.evolve(
      recorded(
        'PersonMoved',
        {
          personId: 'e',
          fromMunicipality: '0301',
          municipality: '4601',
          householdId: 'H6',
          movedOn: '2021-06-01',
        },
        at('2021-06-01'),
      ),
    );
    model.evolve(recorded('PersonOptedOut', { personId: 'kid', on: '2021-07-01' }, at('2021-07-01')));
    model.evolve(recorded('PersonOptedIn', { personId: 'kid', on: '2021-08-01' }, at('2021-08-01')));
    model.evolve(
      recorded(
        'FactAnnulled',
        {
          personId: 'e',
          annulledType: 'PersonMoved',
          fact: 'move',
          reason: 'wrong address',
          correctionId: 'c9',
          restoredResidence: { municipality: '0301', householdId: 'H5' },
        },
        at('2021-09-01'),
      ),
    );
    const copy = decodePersonRegister(Buffer.concat(encodePersonRegister(model)));
    for (const m of [model, copy]) {
      expect(m.rows.get('d')).toMatchObject({
        nin: '01019012345',
        ninKind: 'FNR',
        entitlement: 'asylum-seeker',
        householdId: null,
      });
      expect(m.rows.get('e')).toMatchObject({
        status: 'resident',
        leftOn: null,
        municipality: '0301',
        householdId: 'H5',
        residences: [['2020-01-01', '0301']],
        waiting: { contractId: 'c1', joinedAt: at('2021-02-01') },
        moves: [['2021-06-01', '4601', Date.parse(at('2021-06-01')), Date.parse(at('2021-09-01'))]],
        lifeEvents: [['2021-03-01', 'emigrated', Date.parse(at('2021-03-01'))]],
      });
      expect(m.rows.get('kid')).toMatchObject({
        birthDate: '2012-02-29',
        optedOut: false,
        parentIds: ['e', 'not-yet'],
      });
      expect(m.rows.get('kid')!.lifeEvents!.map((f) => f[1])).toEqual(['optedOut', 'optedIn']);
      expect(m.childrenOf.get('e')).toEqual(['kid']);
      expect(m.childrenOf.get('not-yet')).toEqual(['kid']);
      expect(m.householdMembers.get('H5')).toEqual(['kid', 'e']);
      expect(m.householdMembers.get('H6')).toBeUndefined();
      expect(m.rows.get('nobody')).toBeUndefined();
      expect(m.rows.size).toBe(4);
    }
  });
});
