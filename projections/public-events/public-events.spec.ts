import { readFileSync } from 'node:fs';
import { fold } from '../testing/history';
import { MemoryReadModel } from '../testing/memory-read-model';
import { Scenario } from '../testing/scenario';
import { PUBLIC_EVENTS, publicEventsProjection, readFeed } from './definition';
import { feedRow, PUBLIC_EVENT_TYPES, type PublicEventType } from './model';
import { checkSchema, type JsonSchema } from './schema-check';

const schema = (type: string): JsonSchema =>
  JSON.parse(readFileSync(new URL(`./schemas/${type}.v1.json`, import.meta.url), 'utf8')) as JsonSchema;

const D = '55038512357';
const F = '15038512363';

function history(): Scenario {
  const s = new Scenario()
    .gp(1001, 'Gro Lege')
    .contract('L-A', '2001-06-01', 1500, '0219')
    .contract('L-B', '2001-06-01', 10, '0301')
    .doctor('L-A', 'd1', 1001, 'LPFL', '2001-06-01')
    .person('p1', '24029012349')
    .person('p2', D)
    .list('p1', 'L-A', '2024-01-01', '2023-12-01', 'CHOICE', 'a1')
    .list('p2', 'L-A', '2024-01-01', '2023-12-01', 'HELFO_MANUAL', 'a2')
    .add(
      'WaitingListJoined',
      { personId: 'p1', contractId: 'L-B', joinedAt: '2024-02-01T10:00:00Z', requestedBy: null },
      '2024-02-01T10:00:00Z',
    )
    .add(
      'ListCeilingChanged',
      { contractId: 'L-B', maxPatients: 20, previousMaxPatients: 10, on: '2024-03-01' },
      '2024-02-20',
    )
    .add(
      'ListStatusChanged',
      { contractId: 'L-B', status: 'locked', previousStatus: 'open', by: 'manual', on: '2024-03-01' },
      '2024-02-21',
    )
    .add(
      'WaitingListLeft',
      { personId: 'p1', contractId: 'L-B', reason: 'LEFT', on: '2024-03-02' },
      '2024-03-02',
    )
    .doctor('L-A', 'v1', 1001, 'LPVI', '2024-07-01', null, null, '2024-06-01')
    .add('DoctorPeriodEnded', { contractId: 'L-A', periodId: 'v1', to: '2024-09-01' }, '2024-06-02')
    .add('PersonNinChanged', { personId: 'p2', oldNin: D, newNin: F }, '2024-06-03')
    .list('p1', 'L-B', '2024-08-01', '2024-07-10', 'CHOICE', 'a3')
    .add(
      'PendingListingWithdrawn',
      { personId: 'p1', associationId: 'a3', contractId: 'L-B', reason: 'REPLACED' },
      '2024-07-12',
    )
    .add(
      'PatientUnlisted',
      { personId: 'p2', associationId: 'a2', contractId: 'L-A', to: '2024-09-06', endReason: 'DEATH' },
      '2024-09-06',
    )
    .add(
      'MunicipalityRenumbered',
      { oldNumber: '0219', newNumber: '3024', effectiveFrom: '2020-01-01' },
      '2024-10-01',
    )
    .add(
      'ContractCanceled',
      {
        contractId: 'L-B',
        effectiveFrom: '2024-12-01',
        moveToContractId: 'L-A',
        endReason: 'OHID',
        movedPersonIds: [],
      },
      '2024-11-01',
    )
    .add(
      'GpDetailsUpdated',
      {
        hpr: 1001,
        validFrom: '2025-06-01',
        changes: { name: 'Gro Lege Berg' },
        previous: { name: 'Gro Lege' },
      },
      '2025-01-01',
    )
    // Recorded later but valid earlier: announced with the name that holds on its own date.
    .add(
      'GpDetailsUpdated',
      { hpr: 1001, validFrom: '2025-03-01', changes: { herId: 4455 }, previous: { herId: null } },
      '2025-01-02',
    )
    .add(
      'ContractDetailsUpdated',
      {
        contractId: 'L-A',
        validFrom: '2025-01-01',
        changes: { officeName: 'Gro legekontor', coopMunicipalities: ['3201'] },
        previous: { officeName: null, coopMunicipalities: [] },
      },
      '2025-01-03',
    )
    .add(
      'MunicipalityRenumberingAnnulled',
      {
        oldNumber: '0219',
        newNumber: '3024',
        effectiveFrom: '2020-01-01',
        correctionId: 'c1',
        reason: 'wrong',
      },
      '2025-01-04',
    );
  return s;
}

describe('public events (FLR service-bus names and shapes)', () => {
  const model = fold([publicEventsProjection], history().events).get(PUBLIC_EVENTS)!;
  const all = readFeed(model, null, 1000);

  it('emits FLR event names in log order, several for one source where FLR does', () => {
    expect(all.map((e) => e.type)).toEqual([
      'ContractCreated',
      'ContractCreated',
      'GPOnContractCreated',
      'PatientOnContractCreated',
      'PatientOnContractCreated',
      'ContractUpdated', // waiting list +1
      'ContractUpdated', // ceiling
      'ContractUpdated', // status
      'ContractUpdated', // waiting list -1
      'GPOnContractCreated',
      'GPOnContractUpdated',
      'PatientNinChanged',
      'PatientOnContractUpdated', // re-keyed to the new nin
      'PatientOnContractCreated',
      'PatientOnContractCanceled', // pending link withdrawn
      'PatientOnContractCanceled', // death: leaves the scheme
      'ContractUpdated', // renumbered 0219 -> 3024
      'ContractCanceled',
      'GPUpdated',
      'GPUpdated',
      'ContractUpdated', // office name, co-operating municipalities
      'ContractUpdated', // renumbering corrected: 0219 again
    ]);
  });

  it('announces GP and contract updates with the details that hold on their own date (issue 11)', () => {
    const tail = all.slice(-4).map((e) => e.data);
    expect(tail[0]).toEqual({
      hprNumber: 1001,
      name: 'Gro Lege Berg',
      specialistInGeneralPractice: true,
      herId: null,
      validFrom: '2025-06-01',
    });
    expect(tail[1]).toEqual({
      hprNumber: 1001,
      name: 'Gro Lege',
      specialistInGeneralPractice: true,
      herId: 4455,
      validFrom: '2025-03-01',
    });
    expect(tail[2]).toMatchObject({
      id: 'L-A',
      municipality: '3024',
      gpOfficeName: 'Gro legekontor',
      coopMunicipalities: ['3201'],
      changesValidFrom: '2025-01-01',
    });
    expect(tail[3]).toMatchObject({ id: 'L-A', municipality: '0219', gpOfficeName: 'Gro legekontor' });
  });

  it("stores each event as [type number, record time, body]: the position and the time's text made when read", () => {
    const rows = [...model.range<unknown[]>({ start: ['z'], end: ['z', '\uffff'] })];
    expect(rows).toHaveLength(all.length);
    rows.forEach(({ key, value }, k) => {
      const [, p] = key as [string, number, number];
      expect(Number.isSafeInteger(p)).toBe(true);
      // The last row of a source event has its plain position, the earlier ones "P.i".
      const more = rows[k + 1] !== undefined && (rows[k + 1]!.key as number[])[1] === p;
      expect(all[k]!.position).toBe(more ? `${p}.${(key as number[])[2]}` : `${p}`);
      expect(value).toEqual([
        PUBLIC_EVENT_TYPES.indexOf(all[k]!.type),
        Date.parse(all[k]!.recordedAt),
        all[k]!.data,
      ]);
    });
  });

  it('numbers every public event type for its rows, each once, as stored rows were numbered', () => {
    expect(new Set(PUBLIC_EVENT_TYPES).size).toBe(PUBLIC_EVENT_TYPES.length);
    // Stored rows keep their numbers: a new type goes at the end (this line grows), none moves.
    expect(PUBLIC_EVENT_TYPES.join()).toBe(
      'ContractCreated,ContractUpdated,ContractCanceled,GPOnContractCreated,GPOnContractUpdated,GPOnContractDeleted,' +
        'PatientOnContractCreated,PatientOnContractUpdated,PatientOnContractCanceled,PatientNinChanged,' +
        'PatientFactCorrected,GPUpdated',
    );
    expect(() => feedRow('NoSuchType' as PublicEventType, 0, {})).toThrow(/no feed row type number/);
  });

  it('every emitted event validates against its versioned JSON schema', () => {
    for (const e of all)
      expect({ type: e.type, errors: checkSchema(schema(e.type), e.data) }).toEqual({
        type: e.type,
        errors: [],
      });
  });

  it('the schema check rejects a wrong shape (so the test above can fail)', () => {
    const bad = { ...(all[0].data as object), maxPatients: -1, extra: 1 };
    expect(checkSchema(schema('ContractCreated'), bad)).toEqual([
      '$.maxPatients: below 0',
      '$.extra: not allowed',
    ]);
    expect(checkSchema(schema('PatientNinChanged'), { oldNin: D })).toEqual(['$.newNin: required']);
  });

  it('has a schema file for every public event type', () => {
    for (const t of PUBLIC_EVENT_TYPES) expect(schema(t).title).toBe(`${t} v1`);
  });

  it('gives a source event with several public events sub-positions ending in the plain position', () => {
    const nin = all.findIndex((e) => e.type === 'PatientNinChanged');
    const source = all[nin + 1].position;
    expect(all[nin].position).toBe(`${source}.0`);
    expect(source).toMatch(/^\d+$/);
    expect(all[nin + 1].data).toMatchObject({ patientNin: F, id: 'a2' });
  });

  it('re-keys every link of a person whose nin changes, in the order they began, but not a withdrawn one', () => {
    const s = new Scenario()
      .contract('L-A', '2001-06-01', 1500, '0301')
      .contract('L-B', '2001-06-01', 1500, '0301')
      .person('p9', D)
      // Association ids out of the links' order, so id order and the order they began differ.
      .list('p9', 'L-A', '2010-01-01', '2009-12-01', 'CHOICE', 'z-first')
      .change('p9', 'z-first', 'L-A', 'L-B', '2015-01-01', '2014-12-01', 'm-second')
      .list('p9', 'L-A', '2030-01-01', '2029-12-01', 'CHOICE', 'b-withdrawn')
      .add(
        'PendingListingWithdrawn',
        { personId: 'p9', associationId: 'b-withdrawn', contractId: 'L-A', reason: 'REPLACED' },
        '2029-12-02',
      )
      .change('p9', 'm-second', 'L-B', 'L-A', '2020-01-01', '2019-12-01', 'a-third')
      .add('PersonNinChanged', { personId: 'p9', oldNin: D, newNin: F }, '2024-06-03');
    const feed = readFeed(fold([publicEventsProjection], s.events).get(PUBLIC_EVENTS)!, null, 1000);
    const changed = feed.findIndex((e) => e.type === 'PatientNinChanged');
    const rekeyed = feed.slice(changed + 1);
    expect(rekeyed.map((e) => e.type)).toEqual(Array(3).fill('PatientOnContractUpdated'));
    expect(rekeyed.map((e) => [e.data.id, e.data.patientNin])).toEqual([
      ['z-first', F],
      ['m-second', F],
      ['a-third', F],
    ]);
  });

  it('resumes after any delivered position with no gap and no duplicate', () => {
    for (let cut = 0; cut < all.length; cut++) {
      const resumed = [...all.slice(0, cut + 1), ...readFeed(model, all[cut].position, 1000)];
      expect(resumed.map((e) => e.position)).toEqual(all.map((e) => e.position));
    }
  });

  it.each([1, 2, 3])('reading in pages of %i gives the same sequence as one read', (size) => {
    const paged: string[] = [];
    let from: string | null = null;
    for (;;) {
      const page = readFeed(model, from, size);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(size);
      paged.push(...page.map((e) => e.position));
      from = page[page.length - 1].position;
    }
    expect(paged).toEqual(all.map((e) => e.position));
  });

  it('a rebuild from scratch writes the same feed (same positions, same bodies)', () => {
    const again = new MemoryReadModel();
    for (const e of history().events) publicEventsProjection.evolve(again, e);
    expect(readFeed(again, null, 1000)).toEqual(all);
  });
});

describe('public events of a municipality renumbering (§1.8)', () => {
  const renumbered = (s: Scenario) =>
    s.add(
      'MunicipalityRenumbered',
      { oldNumber: '0301', newNumber: '0399', effectiveFrom: '2025-01-01' },
      '2024-11-01',
    );
  const feedOf = (s: Scenario) =>
    readFeed(fold([publicEventsProjection], s.events).get(PUBLIC_EVENTS)!, null, 1000);

  it('announces each renumbered contract as a ContractUpdated from the renumbering’s date (changesValidFrom)', () => {
    const feed = feedOf(renumbered(new Scenario().contract('L-A', '2020-01-01', 1000, '0301')));
    expect(feed.map((e) => e.type)).toEqual(['ContractCreated', 'ContractUpdated']);
    expect(feed[1].data).toMatchObject({ id: 'L-A', municipality: '0399', changesValidFrom: '2025-01-01' });
  });

  it('renumbers a contract created after a future renumbering was recorded, as it did the older ones', () => {
    const s = renumbered(new Scenario().contract('L-OLD', '2020-01-01', 1000, '0301'))
      .contract('L-NEW', '2024-12-01', 1000, '0301', { registeredAt: '2024-11-15' })
      // Valid only from after the reform: the new code holds from the contract's own start.
      .contract('L-LATE', '2025-02-01', 1000, '0301', { registeredAt: '2024-11-20' });
    const feed = feedOf(s).filter((e) => (e.data as { id: string }).id !== 'L-OLD');
    expect(feed.map((e) => [e.type, e.data])).toEqual([
      ['ContractCreated', expect.objectContaining({ id: 'L-NEW', municipality: '0301' })],
      [
        'ContractUpdated',
        expect.objectContaining({ id: 'L-NEW', municipality: '0399', changesValidFrom: '2025-01-01' }),
      ],
      ['ContractCreated', expect.objectContaining({ id: 'L-LATE', municipality: '0301' })],
      [
        'ContractUpdated',
        expect.objectContaining({ id: 'L-LATE', municipality: '0399', changesValidFrom: '2025-02-01' }),
      ],
    ]);
    // A correction of the renumbering gives them their old number back, as it does the older ones.
    const corrected = feedOf(
      s.add(
        'MunicipalityRenumberingAnnulled',
        {
          oldNumber: '0301',
          newNumber: '0399',
          effectiveFrom: '2025-01-01',
          correctionId: 'c1',
          reason: 'wrong',
        },
        '2024-12-01',
      ),
    ).slice(-3);
    // Each from the day its wrong number held from: the reform's date, or the contract's later start.
    expect(corrected.map((e) => [e.type, e.data])).toEqual(
      [
        ['L-LATE', '2025-02-01'],
        ['L-NEW', '2025-01-01'],
        ['L-OLD', '2025-01-01'],
      ].map(([id, changesValidFrom]) => [
        'ContractUpdated',
        expect.objectContaining({ id, municipality: '0301', changesValidFrom }),
      ]),
    );
  });
});
