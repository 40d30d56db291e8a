import { given, on } from '@flr/testing';
import { assign, BERGEN, changeGp, contract, daily, P, person, pOnA, twoLists } from './fixtures';

describe('leaving the scheme, moves and identity (R38–R42, §1.8)', () => {
  it('after an opt-in the daily job places the person again (R42, R7)', async () => {
    const { events } = await given(
      ...twoLists(),
      ...pOnA(),
      on('2024-03-15', { type: 'OptOut', nin: P }),
      on('2024-06-01', { type: 'OptIn', nin: P }),
    )
      .when(on('2024-06-02', daily('2024-06-02')))
      .thenEvents();
    expect(events.find((e) => e.type === 'PatientListed')?.data).toMatchObject({
      beginReason: 'AUTO_NEW_RESIDENT',
      from: '2024-07-01',
    });
  });

  it('a move never changes the GP (S43, R40); the letter offers the new municipality’s lists with a place', async () => {
    await given(
      ...twoLists(),
      ...pOnA(),
      on('2020-01-01', contract('L-BERGEN-2', { municipality: BERGEN })),
      on('2020-01-01', contract('L-BERGEN-1', { municipality: BERGEN })),
      on('2020-01-01', contract('L-BERGEN-FULL', { municipality: BERGEN, maxPatients: 0 })),
      on('2020-01-01', contract('L-BERGEN-LOCKED', { municipality: BERGEN, status: 'locked' })),
    )
      .when(on('2024-04-10', { type: 'RecordMove', nin: P, municipality: BERGEN, movedOn: '2024-04-10' }))
      .then([
        { type: 'PersonMoved', data: { fromMunicipality: '0301', municipality: BERGEN } },
        {
          type: 'LetterSent',
          data: {
            kind: 'MOVE_OFFER',
            contractIds: ['L-BERGEN-1', 'L-BERGEN-2'],
            effectiveFrom: '2024-05-01',
          },
        },
      ]);
    // A move inside the municipality sends no letter.
    await given(...twoLists(), ...pOnA())
      .when(on('2024-04-10', { type: 'RecordMove', nin: P, municipality: '0301', movedOn: '2024-04-10' }))
      .then([{ type: 'PersonMoved' }]);
  });

  it('a NIN change re-keys the person; the old number no longer resolves (S45, R41)', async () => {
    const D = '55038512357';
    const F = '15038512363';
    const facts = [
      ...twoLists(),
      on('2023-01-01', {
        type: 'RegisterPerson' as const,
        nin: D,
        municipality: '0301',
        entitlement: 'asylum-seeker' as const,
      }),
      on('2023-01-02', { type: 'AssignPatient' as const, nin: D, contractId: 'L-A' }),
    ];
    await given(...facts)
      .when(on('2024-01-10', { type: 'ChangeNin', nin: D, newNin: F }))
      .then([{ type: 'PersonNinChanged', data: { oldNin: D, newNin: F } }]);
    await given(...facts, on('2024-01-10', { type: 'ChangeNin' as const, nin: D, newNin: F }))
      .when(on('2024-02-10', changeGp(D, 'L-B')))
      .thenRefuses('UNKNOWN_PERSON');
    await given(...facts, ...pOnA())
      .when(on('2024-01-10', { type: 'ChangeNin', nin: D, newNin: P }))
      .thenRefuses('ALREADY_REGISTERED', 'R41');
  });

  it('a replaced nin is never given to another person: neither a new registration nor another person’s change (R41, S45)', async () => {
    const D = '55038512357';
    const F = '15038512363';
    const changed = [
      ...twoLists(),
      on('2023-01-01', person(D, { entitlement: 'asylum-seeker' })),
      on('2024-01-10', { type: 'ChangeNin' as const, nin: D, newNin: F }),
    ];
    await given(...changed)
      .when(on('2024-02-10', person(D)))
      .thenRefuses('ALREADY_REGISTERED', 'R41');
    await given(...changed, ...pOnA())
      .when(on('2024-02-10', { type: 'ChangeNin', nin: P, newNin: D }))
      .thenRefuses('ALREADY_REGISTERED', 'R41');
    // The old number still resolves to nobody (S45), and the new one to the same person.
    await given(...changed)
      .when(on('2024-02-10', changeGp(D, 'L-B')))
      .thenRefuses('UNKNOWN_PERSON');
  });

  it('renumbering a municipality is not a move (§1.8): unassigned residents still match the renumbered lists', async () => {
    const { events } = await given(
      on('2019-01-01', {
        type: 'CreateContract',
        contractId: 'L-OLD',
        municipality: '0219',
        officeOrgNo: '912345674',
        maxPatients: 5,
        validFrom: '2001-06-01',
      }),
      on('2019-06-01', {
        type: 'RenumberMunicipality',
        number: '0219',
        newNumber: '3024',
        effectiveFrom: '2020-01-01',
      }),
      on('2020-02-01', { type: 'RegisterPerson', nin: P, municipality: '3024' }),
    )
      .when(on('2020-02-02', daily('2020-02-02')))
      .thenEvents();
    expect(events.find((e) => e.type === 'PatientListed')?.data).toMatchObject({ contractId: 'L-OLD' });
    await given(
      on('2019-06-01', {
        type: 'RenumberMunicipality',
        number: '0219',
        newNumber: '3024',
        effectiveFrom: '2020-01-01',
      }),
    )
      .when(
        on('2019-06-02', {
          type: 'RenumberMunicipality',
          number: '0219',
          newNumber: '3025',
          effectiveFrom: '2020-01-01',
        }),
      )
      .thenRefuses('ALREADY_RENUMBERED', '§1.8');
  });
});

describe('moves after a renumbering, and a returning emigrant (§1.8, R1, R7, R13b, R16)', () => {
  const renumber = on('2019-06-01', {
    type: 'RenumberMunicipality' as const,
    number: '0219',
    newNumber: '3024',
    effectiveFrom: '2020-01-01',
  });
  const bærum = [
    on('2015-01-01', contract('L-B1', { municipality: '0219' })),
    on('2015-01-01', contract('L-B2', { municipality: '0219' })),
    on('2015-01-02', person(P, { municipality: '0219' })),
    on('2015-01-02', assign(P, 'L-B1')),
    renumber,
  ];

  it('a move inside the renumbered municipality (to its new number) is not a move between municipalities; the old number is no longer accepted', async () => {
    await given(...bærum)
      .when(on('2021-03-01', { type: 'RecordMove', nin: P, municipality: '3024', movedOn: '2021-03-01' }))
      .then([{ type: 'PersonMoved', data: { fromMunicipality: '3024', municipality: '3024' } }]);
    await given(...bærum)
      .when(on('2021-03-01', { type: 'RecordMove', nin: P, municipality: '0219', movedOn: '2021-03-01' }))
      .thenRefuses('MUNICIPALITY_NOT_IN_FORCE', '§1.8');
    // So the next change counts (no R16 move exemption) ...
    await given(
      ...bærum,
      on('2021-03-01', { type: 'RecordMove' as const, nin: P, municipality: '3024', movedOn: '2021-03-01' }),
    )
      .when(on('2021-03-05', changeGp(P, 'L-B2')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { countsTowardLimit: true, exemption: null } },
      ]);
    // ... while a real move before the renumbering gives the exemption.
    await given(
      ...bærum,
      on('2019-03-01', { type: 'RecordMove' as const, nin: P, municipality: '0301', movedOn: '2019-03-01' }),
    )
      .when(on('2019-03-05', changeGp(P, 'L-B2')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { exemption: 'MOVE' } }]);
  });

  it('moving back under the new code still allows the return to the former full list (R13b)', async () => {
    await given(
      ...bærum,
      ...twoLists(),
      on('2019-03-01', { type: 'RecordMove' as const, nin: P, municipality: '0301', movedOn: '2019-03-01' }),
      on('2019-03-05', changeGp(P, 'L-A')),
      on('2019-04-01', { type: 'ChangeListCeiling' as const, contractId: 'L-B1', maxPatients: 0 }),
      on('2021-01-10', { type: 'RecordMove' as const, nin: P, municipality: '3024', movedOn: '2021-01-10' }),
    )
      .when(on('2021-02-01', changeGp(P, 'L-B1')))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { beginReason: 'MOVE_RETURN_3Y' } },
      ]);
  });

  it('the national code history applies without a renumbering command (1201 Bergen became 4601 in 2020)', async () => {
    const { events } = await given(
      on('2015-01-01', contract('L-OLD-BERGEN', { municipality: '1201' })),
      on('2024-02-01', person(P, { municipality: BERGEN })),
    )
      .when(on('2024-02-02', daily('2024-02-02')))
      .thenEvents();
    expect(events.find((e) => e.type === 'PatientListed')?.data).toMatchObject({
      contractId: 'L-OLD-BERGEN',
      beginReason: 'AUTO_NEW_RESIDENT',
    });
    // ... and a move from the old number to the new one is no move between municipalities.
    await given(on('2015-01-02', person(P, { municipality: '1201' })))
      .when(on('2021-03-01', { type: 'RecordMove', nin: P, municipality: BERGEN, movedOn: '2021-03-01' }))
      .then([{ type: 'PersonMoved', data: { fromMunicipality: BERGEN, municipality: BERGEN } }]);
  });

  it('a split is no move (§1.8): from 1507 Ålesund to 1508 or 1580 on or after 2024-01-01 is a move within the municipality; to another one it is a move', async () => {
    const inAlesund = [on('2021-01-02', person(P, { municipality: '1507' }))];
    const move = (municipality: string, movedOn: string) =>
      on(movedOn, { type: 'RecordMove' as const, nin: P, municipality, movedOn });
    // The person lived in the part that became 1508 (or 1580): the register now knows the successor.
    await given(...inAlesund)
      .when(move('1508', '2024-03-01'))
      .then([{ type: 'PersonMoved', data: { fromMunicipality: '1508', municipality: '1508' } }]);
    await given(...inAlesund)
      .when(move('1580', '2024-03-01'))
      .then([{ type: 'PersonMoved', data: { fromMunicipality: '1580', municipality: '1580' } }]);
    // Not a successor: a move between municipalities, with the offer letter.
    await given(...inAlesund)
      .when(move(BERGEN, '2024-03-01'))
      .then([
        { type: 'PersonMoved', data: { fromMunicipality: '1507', municipality: BERGEN } },
        { type: 'LetterSent', data: { kind: 'MOVE_OFFER' } },
      ]);
  });

  it('an emigrant who moves back is unassigned again and placed by the daily job', async () => {
    const { events } = await given(
      ...twoLists(),
      ...pOnA(),
      on('2023-05-10', { type: 'RecordEmigration' as const, nin: P, emigratedOn: '2023-05-10' }),
      on('2024-02-01', { type: 'RecordMove' as const, nin: P, municipality: '0301', movedOn: '2024-02-01' }),
    )
      .when(on('2024-02-02', daily('2024-02-02')))
      .thenEvents();
    expect(events.find((e) => e.type === 'PatientListed')?.data).toMatchObject({
      beginReason: 'AUTO_NEW_RESIDENT',
      from: '2024-03-01',
    });
  });
});

describe('specifications over given events (not only commands)', () => {
  it('a person registered and listed by events is re-keyed by a NIN change', async () => {
    const personId = '7d1c1f2e-0000-4000-8000-000000000001';
    await given(
      {
        type: 'ContractCreated',
        data: {
          contractId: 'L-A',
          municipality: '0301',
          officeOrgNo: '923609016',
          maxPatients: 10,
          validFrom: '2001-06-01',
          commonList: false,
          fixedSalary: false,
          status: 'open',
        },
      },
      {
        type: 'PersonRegistered',
        data: {
          personId,
          nin: '55038512357',
          ninKind: 'DNR',
          birthDate: '1985-03-15',
          sex: 'male',
          municipality: '0301',
          householdId: null,
          parentIds: [],
          entitlement: 'asylum-seeker',
          registeredOn: '2023-01-01',
        },
      },
      {
        type: 'PatientListed',
        data: {
          personId,
          associationId: 'a-1',
          contractId: 'L-A',
          from: '2023-02-01',
          beginReason: 'HELFO_MANUAL',
          countsTowardLimit: false,
          countedInYear: null,
          requestedBy: null,
          overrideReason: null,
        },
      },
    )
      .when(on('2024-05-05', { type: 'ChangeNin', nin: '55038512357', newNin: '15038512363' }))
      .then([{ type: 'PersonNinChanged', data: { personId, oldNin: '55038512357', newNin: '15038512363' } }]);
  });
});
