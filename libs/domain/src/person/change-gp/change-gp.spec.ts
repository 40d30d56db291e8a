import {
  BERGEN,
  barred,
  changed,
  changeGp,
  child,
  died,
  emigrated,
  listed,
  moved,
  OSLO,
  on,
  optedOut,
  P,
  parent,
  personSpec,
  registered,
  stranger,
} from '../../testing';
import { changeGp as decide } from './change-gp.decide';

const { given } = personSpec(decide);

describe('ChangeGP: effective date (R17) and the list chosen (R6, R19, R34)', () => {
  it('takes effect on the 1st of the next month and ends the old link there (R17, S11)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-B')))
      .then([
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2024-04-01', endReason: 'CHANGED' } },
        {
          type: 'PatientListed',
          data: {
            contractId: 'L-B',
            from: '2024-04-01',
            beginReason: 'CHOICE',
            countsTowardLimit: true,
            countedInYear: 2024,
          },
        },
      ]);
  });

  it('a change on the last day of December takes effect on 1 January', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-12-31', changeGp('L-B')))
      .then([
        { type: 'PatientUnlisted', data: { to: '2025-01-01' } },
        { type: 'PatientListed', data: { from: '2025-01-01' } },
      ]);
  });

  it('the month boundary is the Europe/Oslo date of registeredAt', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-31T21:59:59Z', changeGp('L-B')))
      .then([
        { type: 'PatientUnlisted', data: { to: '2024-04-01' } },
        { type: 'PatientListed', data: { from: '2024-04-01' } },
      ]);
    // 22:00 UTC on 31 March is already 1 April in Oslo (summer time).
    given(listed(P, 'L-A'))
      .when(on('2024-03-31T22:00:00Z', changeGp('L-B')))
      .then([
        { type: 'PatientUnlisted', data: { to: '2024-05-01' } },
        { type: 'PatientListed', data: { from: '2024-05-01' } },
      ]);
  });

  it('refuses a list with no free place, offering the waiting list (R19, S18)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-B', { target: { freePlaces: 0 } })))
      .thenRefusesWith('NO_CAPACITY', 'R19', { waitingListAvailable: true });
  });

  it('before waiting lists existed the refusal offers none (R24)', () => {
    given(listed(P, 'L-A'))
      .when(on('2016-11-20', changeGp('L-B', { target: { freePlaces: 0 } })))
      .thenRefusesWith('NO_CAPACITY', 'R19', { waitingListAvailable: false });
  });

  it('accepts the last free place (both sides of the capacity boundary)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-B', { target: { freePlaces: 1 } })))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { contractId: 'L-B' } }]);
  });

  it('refuses a closed list even with free places (R19); a locked one says locked and offers no waiting list (R14)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-C', { target: { status: 'closed' } })))
      .thenRefusesWith('NO_CAPACITY', 'R19', { waitingListAvailable: true });
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-C', { target: { status: 'locked' } })))
      .thenRefusesWith('NO_CAPACITY', 'R14', { waitingListAvailable: false });
  });

  it('says why: a closed list with free places is closed, a full open one has no free place', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-C', { target: { status: 'closed', freePlaces: 30 } })))
      .thenRefusesSaying('NO_CAPACITY', 'R19', /closed/);
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-C', { target: { status: 'open', freePlaces: 0 } })))
      .thenRefusesSaying('NO_CAPACITY', 'R19', /no free place/);
  });

  it('refuses the list the person is already on, or is about to join (R6)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-A')))
      .thenRefuses('ALREADY_ON_LIST', 'R6');
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-04'))
      .when(on('2024-03-20', changeGp('L-B')))
      .thenRefuses('ALREADY_ON_LIST', 'R6');
  });

  it('refuses an unknown contract and an unknown person', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-X', { target: { exists: false } })))
      .thenRefuses('UNKNOWN_CONTRACT');
    given()
      .when(on('2024-03-15', changeGp('L-A')))
      .thenRefuses('UNKNOWN_PERSON');
  });

  it('refuses a contract not in force on the effective date (R34): not yet started, or cancelled', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-N', { target: { validFrom: '2024-05-01' } })))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-N', { target: { validFrom: '2024-04-01' } })))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { contractId: 'L-N' } }]);
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', changeGp('L-N', { target: { endsOn: '2024-04-01' } })))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });

  it('refuses the list one was barred from, or any list of the barred GP (R32)', () => {
    given(listed(P, 'L-A'), barred(P, 'L-B'))
      .when(on('2024-03-15', changeGp('L-B')))
      .thenRefuses('BARRED_FROM_LIST', 'R32');
    given(listed(P, 'L-A'), barred(P, 'L-B', 1001))
      .when(on('2024-03-15', changeGp('L-C', { target: { fastlegeHprs: [1001] } })))
      .thenRefuses('BARRED_FROM_LIST', 'R32');
  });

  it('refuses a list of either GP of a shared list one was barred from (R32)', () => {
    given(listed(P, 'L-A'), barred(P, 'L-B', [1001, 1002]))
      .when(on('2024-03-15', changeGp('L-C', { target: { fastlegeHprs: [1002] } })))
      .thenRefuses('BARRED_FROM_LIST', 'R32');
    given(listed(P, 'L-A'), barred(P, 'L-B', [1001, 1002]))
      .when(on('2024-03-15', changeGp('L-C', { target: { fastlegeHprs: [1003] } })))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { contractId: 'L-C' } }]);
  });
});

describe('ChangeGP: who may change (R1, R2, R4, R11, R12)', () => {
  it('refuses a dead or emigrated person (R38, R39)', () => {
    given(listed(P, 'L-A'), died(P, '2024-01-05'))
      .when(on('2024-03-15', changeGp('L-B')))
      .thenRefuses('PERSON_NOT_RESIDENT', 'R38');
    given(listed(P, 'L-A'), emigrated(P, '2024-01-05'))
      .when(on('2024-03-15', changeGp('L-B')))
      .thenRefuses('PERSON_NOT_RESIDENT', 'R39');
  });

  it('refuses a plain D-number holder (R2, S05), accepts one with an asylum-seeker flag', () => {
    given(registered(P, { ninKind: 'DNR' }))
      .when(on('2024-03-15', changeGp('L-B')))
      .thenRefuses('NOT_ENTITLED', 'R2');
    given(registered(P, { ninKind: 'DNR', entitlement: 'asylum-seeker' }))
      .when(on('2024-03-15', changeGp('L-B')))
      .then([{ type: 'PatientListed', data: { contractId: 'L-B' } }]);
  });

  it('refuses someone who opted out (R4)', () => {
    given(listed(P, 'L-A'), optedOut(P, '2024-01-10'))
      .when(on('2024-03-15', changeGp('L-B')))
      .thenRefuses('NOT_ENTITLED', 'R4');
  });

  it('the day before the 16th birthday only a parent at the same address may change (R11)', () => {
    const fifteen = child('2008-03-16');
    given(fifteen)
      .when(on('2024-03-15', changeGp('L-A')))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    given(fifteen)
      .when(on('2024-03-15', changeGp('L-A', { requester: parent('M', false) })))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    given(fifteen)
      .when(on('2024-03-15', changeGp('L-A', { requester: stranger() })))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    given(fifteen)
      .when(on('2024-03-15', changeGp('L-A', { requester: parent() })))
      .then([{ type: 'PatientListed', data: { contractId: 'L-A', from: '2024-04-01', requestedBy: 'M' } }]);
  });

  it('on the 16th birthday the young person changes alone and the parent may not (R12)', () => {
    const sixteen = child('2008-03-15');
    given(sixteen)
      .when(on('2024-03-15', changeGp('L-A')))
      .then([{ type: 'PatientListed', data: { requestedBy: null } }]);
    given(sixteen)
      .when(on('2024-03-15', changeGp('L-A', { requester: parent() })))
      .thenRefuses('NOT_AUTHORISED', 'R12');
  });

  it('age counts on the registration day: 16 only on the effective date still needs the parent', () => {
    given(child('2008-03-20'))
      .when(on('2024-03-15', changeGp('L-A')))
      .thenRefuses('NOT_AUTHORISED', 'R11');
  });
});

describe('ChangeGP: a full list by an exception (R13a, R13b)', () => {
  const fullB = { target: { freePlaces: 0 } };

  it('a child under 16 may join a full list a parent is on on the effective date (R13a)', () => {
    given(child('2015-06-01'), listed(P, 'L-A'))
      .when(
        on(
          '2024-03-15',
          changeGp('L-B', { ...fullB, requester: parent(), parentsListsOnEffectiveDate: ['L-B'] }),
        ),
      )
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { beginReason: 'CHILD_WITH_PARENT' } },
      ]);
  });

  it('another full list, or the parent’s list from the 16th birthday, is refused (R13a)', () => {
    given(child('2015-06-01'))
      .when(
        on(
          '2024-03-15',
          changeGp('L-B', { ...fullB, requester: parent(), parentsListsOnEffectiveDate: ['L-C'] }),
        ),
      )
      .thenRefuses('NO_CAPACITY', 'R19');
    given(child('2008-03-15'))
      .when(on('2024-03-15', changeGp('L-B', { ...fullB, parentsListsOnEffectiveDate: ['L-B'] })))
      .thenRefuses('NO_CAPACITY', 'R19');
    given(child('2008-03-16'))
      .when(
        on(
          '2024-03-15',
          changeGp('L-B', { ...fullB, requester: parent(), parentsListsOnEffectiveDate: ['L-B'] }),
        ),
      )
      .then([{ type: 'PatientListed', data: { beginReason: 'CHILD_WITH_PARENT' } }]);
  });

  it('a locked list takes no child by the exception (R14)', () => {
    given(child('2015-06-01'))
      .when(
        on(
          '2024-03-15',
          changeGp('L-B', {
            target: { status: 'locked', freePlaces: 0 },
            requester: parent(),
            parentsListsOnEffectiveDate: ['L-B'],
          }),
        ),
      )
      .thenRefuses('NO_CAPACITY', 'R14');
  });

  // Lived in Oslo on L-A until 1 March 2021, in Bergen on L-BG from April 2021, back in Oslo 1 June 2023.
  const movedBack = (backOn = '2023-06-01', leftOn = '2021-03-01') => [
    listed(P, 'L-A'),
    moved(P, BERGEN, leftOn),
    changed(P, 'L-BG', '2021-04', { countsTowardLimit: false, countedInYear: null, exemption: 'MOVE' }),
    moved(P, OSLO, backOn),
  ];

  it('moved back within 3 years, the former full list takes the person back for 6 months (R13b)', () => {
    given(...movedBack())
      .when(on('2023-08-01', changeGp('L-A', fullB)))
      .then([
        { type: 'PatientUnlisted', data: { contractId: 'L-BG' } },
        {
          type: 'PatientListed',
          data: { contractId: 'L-A', beginReason: 'MOVE_RETURN_3Y', exemption: 'MOVE' },
        },
      ]);
    // Six months from the move, half-open: 30 November is the last day.
    given(...movedBack())
      .when(on('2023-11-30', changeGp('L-A', fullB)))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { beginReason: 'MOVE_RETURN_3Y' } },
      ]);
    given(...movedBack())
      .when(on('2023-12-01', changeGp('L-A', fullB)))
      .thenRefuses('NO_CAPACITY', 'R19');
  });

  it('moving back on the third anniversary of leaving is too late (R13b, half-open)', () => {
    given(...movedBack('2024-03-01', '2021-03-01'))
      .when(on('2024-03-10', changeGp('L-A', fullB)))
      .thenRefuses('NO_CAPACITY', 'R19');
    given(...movedBack('2024-02-29', '2021-03-01'))
      .when(on('2024-03-10', changeGp('L-A', fullB)))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { beginReason: 'MOVE_RETURN_3Y' } },
      ]);
  });

  it('a former residence under the old code of a renumbered municipality is the same place (§1.8, R13b)', () => {
    const history = [
      registered(P, { municipality: '1201' }),
      listed(P, 'L-BG'),
      moved(P, OSLO, '2021-03-01'),
      changed(P, 'L-A', '2021-04'),
      moved(P, BERGEN, '2023-06-01'),
    ];
    given(...history)
      .when(on('2023-08-01', changeGp('L-BG', fullB)))
      .thenRefuses('NO_CAPACITY', 'R19');
    given(...history)
      .when(on('2023-08-01', changeGp('L-BG', { ...fullB, municipalityCodesOnLastMove: { '1201': BERGEN } })))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { beginReason: 'MOVE_RETURN_3Y' } },
      ]);
  });
});

describe('ChangeGP: a pending change (§4.3)', () => {
  it('a later request in the same month replaces the pending one, and the replaced one does not count', () => {
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-03'), changed(P, 'L-A', '2024-04'))
      .when(on('2024-03-20', changeGp('L-C')))
      .then([
        { type: 'PendingListingWithdrawn', data: { contractId: 'L-A', reason: 'REPLACED' } },
        { type: 'PatientListed', data: { contractId: 'L-C', from: '2024-04-01', countsTowardLimit: true } },
      ]);
  });

  it('with replacedPendingCounts the replaced change still counts', () => {
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-03'), changed(P, 'L-A', '2024-04'))
      .when(on('2024-03-20', changeGp('L-C'), { replacedPendingCounts: true }))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });

  it('choosing the current list again while a change is pending cancels it: one period, no change used', () => {
    const history = [listed(P, 'L-A'), changed(P, 'L-C', '2024-03'), changed(P, 'L-B', '2024-04')];
    // L-C is full on 1 April without P (P is leaving), yet P keeps the place.
    const restore = given(...history).when(on('2024-03-20', changeGp('L-C', { target: { freePlaces: 0 } })));
    const events = restore.then([
      { type: 'PendingListingWithdrawn', data: { contractId: 'L-B', reason: 'REPLACED' } },
      { type: 'PendingListingWithdrawn', data: { contractId: 'L-C', reason: 'RESTORED' } },
      {
        type: 'PatientListed',
        data: {
          contractId: 'L-C',
          from: '2024-03-01',
          beginReason: 'CHOICE',
          countsTowardLimit: true,
          countedInYear: 2024,
        },
      },
    ]);
    const live = restore.thenState().links.filter((l) => l.withdrawn === null);
    expect(live.map((l) => [l.contractId, l.from, l.to])).toEqual([
      ['L-A', '2020-02-01', '2024-03-01'],
      ['L-C', '2024-03-01', null],
    ]);
    // The February change still counts and the replaced one does not: one change is left in 2024.
    given(...history, events)
      .when(on('2024-05-02', changeGp('L-B')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countsTowardLimit: true } }]);
    given(...history, events, changed(P, 'L-B', '2024-06'))
      .when(on('2024-06-02', changeGp('L-A')))
      .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
  });
});
