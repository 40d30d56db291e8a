import { allProjections } from '../index';
import { type ListCursor, listAt, listSizeAt } from '../link-index/lists';
import { capitation } from '../capitation/capitation';
import { type CapitationSettings, DEFAULT_CAPITATION_SETTINGS } from '../capitation/rules';
import { searchContracts, officeContracts, gpWithContracts } from '../lookups/directory-search';
import { fold, readersOf } from '../testing/history';
import { Scenario } from '../testing/scenario';
import { waitingList } from '../waiting-lists/waiting-lists';
import { contractDoc, contractView } from './contract-view';

const TODAY = '2026-11-22';
const when = (at: string, asOf?: string) => ({ at, today: TODAY, asOf: asOf ? Date.parse(asOf) : undefined });
const nin = (i: number) => `1000000${String(i).padStart(4, '0')}`;

/** L-A with `n` patients listed from 2024-01-01 (registered in December). */
function listOf(n: number, max = 1500, s = new Scenario()): Scenario {
  s.gp(1001, 'Gro Lege').contract('L-A', '2020-01-01', max).doctor('L-A', 'd1', 1001, 'LPFL', '2020-01-01');
  for (let i = 0; i < n; i++)
    s.person(`p${i}`, nin(i)).list(`p${i}`, 'L-A', '2024-01-01', '2023-12-10', 'CHOICE', `a${i}`);
  return s;
}

const view = (s: Scenario, at: string, asOf?: string) => {
  const r = readersOf(fold(allProjections, s.events));
  return contractView(r, contractDoc(r, 'L-A', undefined)!, when(at, asOf));
};

describe('GET contract at a date (GetGPContract)', () => {
  it('counts the list on the date and free places against next month (pending arrivals take places, §4.4)', () => {
    const s = listOf(3, 5)
      .person('px', nin(99))
      .list('px', 'L-A', '2024-03-01', '2024-02-10', 'CHOICE', 'ax');
    const feb = view(s, '2024-02-15');
    expect(feb).toMatchObject({
      listSize: 3,
      maxPatients: 5,
      placesAvailable: 1,
      status: 'open',
      listWithoutGp: false,
    });
    expect(view(s, '2024-03-01')).toMatchObject({ listSize: 4, placesAvailable: 1 });
    expect(view(s, '2023-12-31')).toMatchObject({ listSize: 0 });
  });

  it('S34: lowering the ceiling moves nobody; the list is over its ceiling and has 0 places', () => {
    const s = listOf(6, 6).add(
      'ListCeilingChanged',
      { contractId: 'L-A', maxPatients: 4, previousMaxPatients: 6, on: '2024-05-10' },
      '2024-05-10',
    );
    expect(view(s, '2024-05-09')).toMatchObject({ maxPatients: 6, listSize: 6, placesAvailable: 0 });
    expect(view(s, '2024-05-10')).toMatchObject({ maxPatients: 4, listSize: 6, placesAvailable: 0 });
  });

  it('S52: a locked list reports 0 free places; before the lock it reported them', () => {
    const s = listOf(2, 42).add(
      'ListStatusChanged',
      { contractId: 'L-A', status: 'locked', previousStatus: 'open', by: 'manual', on: '2024-06-01' },
      '2024-05-28',
    );
    expect(view(s, '2024-05-31')).toMatchObject({ status: 'open', placesAvailable: 40 });
    expect(view(s, '2024-06-01')).toMatchObject({ status: 'locked', placesAvailable: 0 });
    // Bitemporal: as known before the lock was registered, June still looked open.
    expect(view(s, '2024-06-01', '2024-05-27T23:00:00Z')).toMatchObject({
      status: 'open',
      placesAvailable: 40,
    });
  });

  it('asOf counts the list as the register knew it (a backdated death shows only after it was registered)', () => {
    const s = listOf(3).add(
      'PatientUnlisted',
      { personId: 'p0', associationId: 'a0', contractId: 'L-A', to: '2024-02-11', endReason: 'DEATH' },
      '2024-04-02',
    );
    expect(view(s, '2024-03-01')).toMatchObject({ listSize: 2 });
    expect(view(s, '2024-03-01', '2024-04-01T00:00:00Z')).toMatchObject({ listSize: 3 });
  });

  it('reports the waiting-list count and a cancelled contract as no longer valid', () => {
    const s = listOf(1)
      .person('w1', nin(50))
      .add(
        'WaitingListJoined',
        { personId: 'w1', contractId: 'L-A', joinedAt: '2024-02-01T09:00:00Z', requestedBy: null },
        '2024-02-01T09:00:00Z',
      )
      .add(
        'ContractCanceled',
        {
          contractId: 'L-A',
          effectiveFrom: '2025-01-01',
          moveToContractId: 'L-V',
          endReason: 'OHID',
          movedPersonIds: [],
        },
        '2024-11-01',
      );
    expect(view(s, '2024-12-31')).toMatchObject({
      patientsOnWaitingList: 1,
      valid: { from: '2020-01-01', to: '2025-01-01' },
    });
    expect(view(s, '2025-01-01').placesAvailable).toBe(0);
  });

  it('R14: a date after the list fills or ends answers closed before the daily job records it', () => {
    // Open as recorded, never recomputed by the job: 4 of 5 from January, the 5th from 1 April.
    const s = listOf(4, 5)
      .person('px', nin(98))
      .list('px', 'L-A', '2024-04-01', '2024-03-10', 'CHOICE', 'ax')
      .add(
        'ContractCanceled',
        {
          contractId: 'L-A',
          effectiveFrom: '2024-09-01',
          moveToContractId: 'L-V',
          endReason: 'OHID',
          movedPersonIds: [],
        },
        '2024-03-20',
      );
    expect(view(s, '2024-03-09', '2024-03-09T12:00:00Z')).toMatchObject({
      status: 'open',
      placesAvailable: 1,
    });
    // Asked on the day the 5th place was taken, about then and about a later date.
    for (const at of ['2024-03-10', '2024-05-15'])
      expect(view(s, at, '2024-03-10T12:00:00Z')).toMatchObject({ status: 'closed', placesAvailable: 0 });
    // The cancellation from 1 September: closed on the last month and after the end.
    expect(view(s, '2024-08-15')).toMatchObject({ status: 'closed', placesAvailable: 0 });
    expect(view(s, '2024-09-10')).toMatchObject({ status: 'closed', placesAvailable: 0, doctors: [] });
  });
});

describe('patients of a list at a date (paged)', () => {
  const s = listOf(7);
  s.change('p1', 'a1', 'L-A', 'L-B', '2025-03-01', '2025-02-10', 'b1');
  s.add(
    'PatientUnlisted',
    { personId: 'p2', associationId: 'a2', contractId: 'L-A', to: '2024-06-01', endReason: 'EMIGRATION' },
    '2024-05-05',
  );
  const r = readersOf(fold(allProjections, s.events));

  it.each(['2024-03-01', '2026-11-22'])(
    'pages through the whole list on %s with a Link cursor, no gap, no duplicate',
    (date) => {
      const all = listAt(r.linkIndex, 'L-A', date, { limit: 1000 }).items;
      const paged: string[] = [];
      let after: ListCursor | null = null;
      for (let i = 0; i < 20; i++) {
        const page: ReturnType<typeof listAt> = listAt(r.linkIndex, 'L-A', date, { limit: 2, after });
        paged.push(...page.items.map((p) => p.nin));
        if (!page.next) break;
        after = page.next;
      }
      expect(paged).toEqual(all.map((p) => p.nin));
      expect(new Set(paged).size).toBe(paged.length);
    },
  );

  it('lists exactly the people on the list on each side of a boundary', () => {
    const on = (d: string) =>
      listAt(r.linkIndex, 'L-A', d, { limit: 1000 })
        .items.map((p) => p.nin)
        .sort();
    expect(on('2024-05-31')).toHaveLength(7);
    expect(on('2024-06-01')).not.toContain(nin(2));
    expect(on('2025-02-28')).toContain(nin(1));
    expect(on('2025-03-01')).not.toContain(nin(1));
    expect(on('2023-12-31')).toEqual([]);
    const p1 = listAt(r.linkIndex, 'L-A', '2025-02-28', { limit: 1000 }).items.find((p) => p.nin === nin(1));
    expect(p1?.period).toEqual({ from: '2024-01-01', to: '2025-03-01' });
  });

  it('the list now (skipping ended blocks) equals a full scan as known later, and its size the count', () => {
    const later = Date.parse('2100-01-01T00:00:00Z');
    for (const d of ['2024-01-01', '2024-06-01', '2025-03-01']) {
      const now = listAt(r.linkIndex, 'L-A', d, { limit: 1000 }).items;
      const scanned = listAt(r.linkIndex, 'L-A', d, { limit: 1000, asOf: later }).items;
      expect(now.map((p) => p.nin).sort()).toEqual(scanned.map((p) => p.nin).sort());
      expect(listSizeAt(r.linkIndex, 'L-A', d)).toBe(now.length);
      expect(listSizeAt(r.linkIndex, 'L-A', d, later)).toBe(now.length);
    }
  });
});

describe('waiting list in queue order', () => {
  it('is FIFO by join time; a join elsewhere replaces the entry (R21); at/asOf replay the history', () => {
    const s = listOf(0).contract('L-C', '2020-01-01');
    for (const [i, t] of [
      [1, '2024-01-05T08:00:00Z'],
      [2, '2024-01-03T08:00:00Z'],
      [3, '2024-02-01T08:00:00Z'],
    ] as const)
      s.person(`w${i}`, nin(60 + i)).add(
        'WaitingListJoined',
        { personId: `w${i}`, contractId: 'L-A', joinedAt: t, requestedBy: null },
        t,
      );
    s.add(
      'WaitingListJoined',
      { personId: 'w2', contractId: 'L-C', joinedAt: '2024-03-01T08:00:00Z', requestedBy: null },
      '2024-03-01T08:00:00Z',
    );
    const r = readersOf(fold(allProjections, s.events));
    expect(waitingList(r.waitingLists, 'L-A').map((e) => e.nin)).toEqual([nin(61), nin(63)]);
    expect(waitingList(r.waitingLists, 'L-A', { at: '2024-02-15' }).map((e) => e.nin)).toEqual([
      nin(62),
      nin(61),
      nin(63),
    ]);
    expect(
      waitingList(r.waitingLists, 'L-A', { asOf: Date.parse('2024-01-04T00:00:00Z') }).map((e) => e.nin),
    ).toEqual([nin(62)]);
    expect(waitingList(r.waitingLists, 'L-C').map((e) => [e.nin, e.joinedAt])).toEqual([
      [nin(62), '2024-03-01T08:00:00Z'],
    ]);
  });
});

describe('waiting list order across UTC offsets (R23)', () => {
  it('orders by the instant of joining, not the text of joinedAt, as the daily job promotes', () => {
    const s = listOf(0);
    // w1 joins 09:00Z (+01:00), w2 08:30Z (+05:00), w3 08:45Z (Z): the queue is w2, w3, w1.
    for (const [i, t] of [
      [1, '2024-01-05T10:00:00+01:00'],
      [2, '2024-01-05T13:30:00+05:00'],
      [3, '2024-01-05T08:45:00Z'],
    ] as const)
      s.person(`w${i}`, nin(70 + i)).add(
        'WaitingListJoined',
        { personId: `w${i}`, contractId: 'L-A', joinedAt: t, requestedBy: null },
        t,
      );
    const r = readersOf(fold(allProjections, s.events));
    const queue = [nin(72), nin(73), nin(71)];
    expect(waitingList(r.waitingLists, 'L-A').map((e) => e.nin)).toEqual(queue);
    expect(waitingList(r.waitingLists, 'L-A', { at: '2024-01-06' }).map((e) => e.nin)).toEqual(queue);
    expect(
      waitingList(r.waitingLists, 'L-A', { asOf: Date.parse('2024-01-06T00:00:00Z') }).map((e) => e.nin),
    ).toEqual(queue);
  });
});

describe('directory: search, offices, GPs', () => {
  const s = listOf(2, 3)
    .gp(2002, 'Kari Nordmann', '1980-06-01', 'female')
    .contract('L-B', '2020-01-01', 100, '4601', { officeOrgNo: '923609016' })
    .doctor('L-B', 'b1', 2002, 'LPFL', '2020-01-01')
    .add(
      'MunicipalityRenumbered',
      { oldNumber: '4601', newNumber: '4699', effectiveFrom: '2024-01-01' },
      '2023-12-01',
    );
  const r = readersOf(fold(allProjections, s.events));

  it('finds contracts by municipality and free places, with doctor name, age and sex', () => {
    const inOslo = searchContracts(r, { municipality: '0301' }, when('2024-05-01'));
    expect(inOslo.map((c) => c.contractId)).toEqual(['L-A']);
    expect(inOslo[0].gp).toMatchObject({ hpr: 1001, name: 'Gro Lege', sex: 'female', age: 53 });
    expect(searchContracts(r, { municipality: '0301', hasPlaces: true }, when('2024-05-01'))).toHaveLength(1);
    expect(searchContracts(r, { text: 'nordmann' }, when('2024-05-01')).map((c) => c.contractId)).toEqual([
      'L-B',
    ]);
  });

  it('follows a municipality renumbering (a code change, never a move)', () => {
    expect(
      searchContracts(r, { municipality: '4699' }, when('2024-05-01')).map((c) => c.municipality),
    ).toEqual(['4699']);
    expect(searchContracts(r, { municipality: '4699' }, when('2023-05-01'))).toEqual([]);
    expect(
      searchContracts(r, { municipality: '4601' }, when('2023-05-01')).map((c) => c.municipality),
    ).toEqual(['4601']);
  });

  it('reads the log’s renumberings once per search, however many codes it asks about', () => {
    let scans = 0;
    const directory = new Proxy(r.directory, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'range' || typeof value !== 'function') return value;
        return (opts: { start: unknown[] }) => {
          if (opts.start[0] === 'rn') scans++;
          return value.call(target, opts);
        };
      },
    });
    const counted = { ...r, directory };
    const found = searchContracts(counted, { municipality: '4601' }, when('2024-05-01'));
    expect(found.map((c) => c.municipality)).toEqual(['4699']);
    expect(scans).toBe(1);
  });

  it('reads each renumbering row once per question, however many of its lists and hops ask (§1.8)', () => {
    const many = listOf(0).gp(2002, 'Kari Nordmann', '1980-06-01', 'female');
    for (const id of ['L-B', 'L-C', 'L-D'])
      many
        .contract(id, '2020-01-01', 100, '4601', { officeOrgNo: '923609016' })
        .doctor(id, `${id}-d`, 2002, 'LPFL', '2020-01-01');
    many.add(
      'MunicipalityRenumbered',
      { oldNumber: '4601', newNumber: '4699', effectiveFrom: '2024-01-01' },
      '2023-12-01',
    );
    const folded = readersOf(fold(allProjections, many.events));
    const reads = new Map<string, number>();
    const directory = new Proxy(folded.directory, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'get' || typeof value !== 'function') return value;
        return (key: unknown) => {
          if (Array.isArray(key) && key[0] === 'rn')
            reads.set(String(key[1]), (reads.get(String(key[1])) ?? 0) + 1);
          return value.call(target, key);
        };
      },
    });
    const counted = { ...folded, directory };
    const found = searchContracts(counted, { municipality: '4699' }, when('2024-05-01'));
    expect(found.map((c) => c.municipality)).toEqual(['4699', '4699', '4699']);
    expect(reads.size).toBeGreaterThan(0);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    reads.clear();
    const office = officeContracts(counted, '923609016', when('2024-05-01'), false);
    expect(office.map((c) => c.municipality)).toEqual(['4699', '4699', '4699']);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    reads.clear();
    const gp = gpWithContracts(counted, 2002, when('2024-05-01'), false);
    expect(gp?.contracts.map((c) => c.municipality)).toEqual(['4699', '4699', '4699']);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });

  it('lists contracts on an office and a GP with its contracts', () => {
    expect(officeContracts(r, '923609016', when('2024-05-01'), false).map((c) => c.contractId)).toEqual([
      'L-B',
    ]);
    expect(officeContracts(r, '923609016', when('2019-05-01'), false)).toEqual([]);
    expect(officeContracts(r, '923609016', when('2019-05-01'), true)).toHaveLength(1);
    const gp = gpWithContracts(r, 2002, when('2024-05-01'), false);
    expect(gp).toMatchObject({
      hpr: 2002,
      name: 'Kari Nordmann',
      contracts: [{ contractId: 'L-B', relationship: 'LPFL', municipality: '4699' }],
    });
    expect(gpWithContracts(r, 9999, when('2024-05-01'), false)).toBeUndefined();
  });

  it('a GP on a date has no contract cancelled by then, though the doctor period was left open (R34b)', () => {
    const s = listOf(0).add(
      'ContractCanceled',
      {
        contractId: 'L-A',
        effectiveFrom: '2024-05-01',
        moveToContractId: 'L-B',
        endReason: 'CONTRACT_ENDED',
        movedPersonIds: [],
      },
      '2024-04-10',
    );
    const r = readersOf(fold(allProjections, s.events));
    const ids = (at: string, all = false) =>
      gpWithContracts(r, 1001, when(at), all)?.contracts.map((c) => c.contractId);
    expect(ids('2024-04-30')).toEqual(['L-A']);
    expect(ids('2024-05-01')).toEqual([]);
    expect(ids('2024-05-01', true)).toEqual(['L-A']); // without a date, history too
    // GetGPContract on a date after the cancellation names no doctor either.
    const contract = (at: string) => contractView(r, contractDoc(r, 'L-A', undefined)!, when(at));
    expect(contract('2024-04-30').doctors.map((d) => d.hpr)).toEqual([1001]);
    expect(contract('2024-05-01')).toMatchObject({ doctors: [], valid: { to: '2024-05-01' } });
  });
});

describe('capitation (basistilskudd, §3.12)', () => {
  // These cases check the by-period formula (÷ 12 to June 2016, by days from July 2016); the
  // default, a twelfth every month, is checked last.
  const BY_PERIOD = { ...DEFAULT_CAPITATION_SETTINGS, formula: 'by-period' as const };
  const cap = (s: Scenario, month: string, settings: CapitationSettings = BY_PERIOD) => {
    const r = readersOf(fold(allProjections, s.events));
    return capitation(r, 'L-A', month, settings, { today: TODAY })!;
  };

  it('by default every month pays a twelfth of the annual rate per patient on the 1st (FLR_RULE_CAPITATION_FORMULA)', () => {
    const c = cap(listOf(3), '2024-03', DEFAULT_CAPITATION_SETTINGS);
    expect(c).toMatchObject({ listSize: 3, basis: { formula: 'twelfth' } });
    expect(c.amountNok).toBe(Math.round(((841.8 * 3) / 12) * 100) / 100);
  });

  it('from 1 Jul 2023: 841.80 per year, by days in the month, counted on the 1st, rounded to øre', () => {
    const c = cap(listOf(3), '2024-03');
    expect(c.listSize).toBe(3);
    expect(c.amountNok).toBe(Math.round(841.8 * 3 * (31 / 366) * 100) / 100);
    expect(c.basis.regime).toBe('average-rate-2023-07');
  });

  it('the knekkpunkt months pay the higher rate for the first 1,000 and grunntilskudd for small new lists', () => {
    const c = cap(listOf(3, 600), '2022-08');
    // listSize 0 in 2022 (links begin 2024), contract started 2020-01-01: two years are over.
    expect(c).toMatchObject({ listSize: 0, amountNok: 0 });
    const s = new Scenario().contract('L-A', '2022-01-01', 600);
    expect(cap(s, '2022-08').basis).toMatchObject({ grunntilskudd: true, paidPatients: 500 });
    expect(cap(s, '2022-08').amountNok).toBe(Math.round(675 * 500 * (31 / 365) * 100) / 100);
    expect(cap(s, '2024-01').basis.grunntilskudd).toBe(false);
  });

  it('before 1 Jul 2016 the monthly amount is a twelfth of the annual rate', () => {
    const s = new Scenario()
      .contract('L-A', '2001-06-01', 1500)
      .person('p', nin(1))
      .list('p', 'L-A', '2010-01-01', '2009-12-01');
    expect(cap(s, '2016-06')).toMatchObject({
      listSize: 1,
      amountNok: Math.round((442 / 12) * 100) / 100,
      basis: { formula: 'twelfth' },
    });
    expect(cap(s, '2016-07').basis.formula).toBe('days');
  });
});

describe('dated details and corrected renumberings (issue 11)', () => {
  const s = listOf(1)
    .add(
      'ContractDetailsUpdated',
      {
        contractId: 'L-A',
        validFrom: '2025-01-01',
        changes: { officeName: 'Gro legekontor', fixedSalary: true, coopMunicipalities: ['3201'] },
        previous: { officeName: null, fixedSalary: false, coopMunicipalities: [] },
      },
      '2024-11-01',
    )
    // Recorded later, valid earlier: it holds until the update above takes over.
    .add(
      'ContractDetailsUpdated',
      {
        contractId: 'L-A',
        validFrom: '2024-06-01',
        changes: { officeName: 'Sagene legekontor' },
        previous: { officeName: null },
      },
      '2024-12-01',
    )
    .add(
      'GpDetailsUpdated',
      { hpr: 1001, validFrom: '2025-01-01', changes: { herId: 77, name: 'Gro Lege Berg' }, previous: {} },
      '2024-11-01',
    )
    .add(
      'MunicipalityRenumbered',
      { oldNumber: '0301', newNumber: '0399', effectiveFrom: '2025-06-01' },
      '2024-11-02',
    )
    .add(
      'MunicipalityRenumberingAnnulled',
      {
        oldNumber: '0301',
        newNumber: '0399',
        effectiveFrom: '2025-06-01',
        correctionId: 'c1',
        reason: 'wrong',
      },
      '2024-11-20',
    );
  const r = readersOf(fold(allProjections, s.events));
  const at = (date: string, asOf?: string) =>
    contractView(r, contractDoc(r, 'L-A', undefined)!, when(date, asOf));

  it('answers each detail as of the date, later-dated updates taking over', () => {
    expect(at('2024-05-31')).toMatchObject({ officeName: null, fixedSalary: false, coopMunicipalities: [] });
    expect(at('2024-06-01')).toMatchObject({ officeName: 'Sagene legekontor', fixedSalary: false });
    expect(at('2025-01-01')).toMatchObject({
      officeName: 'Gro legekontor',
      fixedSalary: true,
      coopMunicipalities: ['3201'],
    });
  });

  it('answers what was known at asOf (record time)', () => {
    expect(at('2024-06-01', '2024-11-15T00:00:00Z')).toMatchObject({ officeName: null });
    expect(at('2025-01-01', '2024-10-31T00:00:00Z')).toMatchObject({ officeName: null, fixedSalary: false });
  });

  it('the helsenorge list names the doctor as of the date and as known then', () => {
    const gpName = (date: string, asOf?: string) => searchContracts(r, {}, when(date, asOf))[0]?.gp?.name;
    expect(gpName('2024-12-31')).toBe('Gro Lege');
    expect(gpName('2025-01-01')).toBe('Gro Lege Berg');
    expect(gpName('2025-01-01', '2024-10-01T00:00:00Z')).toBe('Gro Lege');
  });

  it('the GP read answers its name and HER-id as of the date and as known then', () => {
    expect(gpWithContracts(r, 1001, when('2024-12-31'), false)).toMatchObject({
      name: 'Gro Lege',
      herId: null,
    });
    expect(gpWithContracts(r, 1001, when('2025-01-01'), false)).toMatchObject({
      name: 'Gro Lege Berg',
      herId: 77,
    });
    expect(gpWithContracts(r, 1001, when('2025-01-01', '2024-10-01T00:00:00Z'), false)).toMatchObject({
      herId: null,
    });
  });

  it('a corrected renumbering never happened in valid time; asOf before the correction keeps the old belief', () => {
    expect(at('2025-07-01').municipality).toBe('0301');
    expect(at('2025-07-01', '2024-11-10T00:00:00Z').municipality).toBe('0399');
    expect(searchContracts(r, { municipality: '0399' }, when('2025-07-01'))).toEqual([]);
    expect(
      searchContracts(r, { municipality: '0399' }, when('2025-07-01', '2024-11-10T00:00:00Z')).map(
        (c) => c.contractId,
      ),
    ).toEqual(['L-A']);
  });
});

describe('contracts created after a future renumbering was recorded (§1.8)', () => {
  const renumbered = () =>
    new Scenario()
      .contract('L-OLD', '2020-01-01', 1000, '0301')
      .add(
        'MunicipalityRenumbered',
        { oldNumber: '0301', newNumber: '0399', effectiveFrom: '2025-06-01' },
        '2024-11-02',
      )
      .contract('L-NEW', '2024-12-01', 1000, '0301', { registeredAt: '2024-11-15' })
      // Valid only from after the reform: the new code from its own start.
      .contract('L-LATE', '2025-08-01', 1000, '0301', { registeredAt: '2024-11-20' });
  const ids = (s: Scenario, municipality: string, at: string) =>
    searchContracts(readersOf(fold(allProjections, s.events)), { municipality }, when(at))
      .map((c) => `${c.contractId} ${c.municipality}`)
      .sort();

  it('are renumbered on the renumbering’s date like the contracts it found', () => {
    expect(ids(renumbered(), '0301', '2025-05-31')).toEqual(['L-NEW 0301', 'L-OLD 0301']);
    expect(ids(renumbered(), '0399', '2025-05-31')).toEqual([]);
    // The old code still finds them, answered with the code they have now (a code change, not a move).
    expect(ids(renumbered(), '0301', '2025-09-01')).toEqual(['L-LATE 0399', 'L-NEW 0399', 'L-OLD 0399']);
    expect(ids(renumbered(), '0399', '2025-09-01')).toEqual(['L-LATE 0399', 'L-NEW 0399', 'L-OLD 0399']);
  });

  it('get their old number back when the renumbering is corrected (issue 11)', () => {
    const corrected = renumbered().add(
      'MunicipalityRenumberingAnnulled',
      {
        oldNumber: '0301',
        newNumber: '0399',
        effectiveFrom: '2025-06-01',
        correctionId: 'c1',
        reason: 'wrong',
      },
      '2024-12-01',
    );
    expect(ids(corrected, '0399', '2025-09-01')).toEqual([]);
    expect(ids(corrected, '0301', '2025-09-01')).toEqual(['L-LATE 0301', 'L-NEW 0301', 'L-OLD 0301']);
  });
});
