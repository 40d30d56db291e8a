import { assignPatient, barred, changed, listed, on, P, personSpec, registered } from '../../testing';
import { assignPatient as decide } from './assign-patient.decide';

const { given } = personSpec(decide);

describe('AssignPatient (R28)', () => {
  it('needs a free place unless an override reason is given (R28)', () => {
    given(registered(P))
      .when(on('2024-03-01', assignPatient('L-B', {}, { freePlaces: 0 })))
      .thenRefuses('NO_CAPACITY', 'R14');
    given(registered(P))
      .when(
        on('2024-03-01', assignPatient('L-B', { overrideReason: 'municipal decision' }, { freePlaces: 0 })),
      )
      .then([
        {
          type: 'PatientListed',
          data: { from: '2024-04-01', overrideReason: 'municipal decision', countsTowardLimit: false },
        },
      ]);
  });

  it('a locked list takes nobody without an override (R14); a barring is passed over only with one (R32)', () => {
    given(registered(P))
      .when(on('2024-03-01', assignPatient('L-B', {}, { status: 'locked' })))
      .thenRefuses('NO_CAPACITY', 'R14');
    given(listed(P, 'L-A'), barred(P, 'L-B'))
      .when(on('2024-03-01', assignPatient('L-B')))
      .thenRefuses('BARRED_FROM_LIST', 'R32');
    given(listed(P, 'L-A'), barred(P, 'L-B'))
      .when(on('2024-03-01', assignPatient('L-B', { overrideReason: 'court order' })))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { overrideReason: 'court order' } },
      ]);
  });

  it('imports history with an explicit effective date', () => {
    given(registered(P, { registeredOn: '2001-03-01' }))
      .when(on('2001-03-01', assignPatient('L-A', { reason: 'INITIAL_2001', effectiveFrom: '2001-06-01' })))
      .then([{ type: 'PatientListed', data: { from: '2001-06-01', beginReason: 'INITIAL_2001' } }]);
  });

  it('an imported CHOICE by someone on a list counts as a change; on no list, or by Helfo, it does not (R15, R16)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-01', assignPatient('L-B', { reason: 'CHOICE' })))
      .then([
        { type: 'PatientUnlisted' },
        { type: 'PatientListed', data: { countsTowardLimit: true, countedInYear: 2024 } },
      ]);
    given(registered(P))
      .when(on('2024-03-01', assignPatient('L-B', { reason: 'CHOICE' })))
      .then([{ type: 'PatientListed', data: { countsTowardLimit: false } }]);
    given(listed(P, 'L-A'))
      .when(on('2024-03-01', assignPatient('L-B')))
      .then([{ type: 'PatientUnlisted' }, { type: 'PatientListed', data: { countsTowardLimit: false } }]);
  });

  it('refuses the list one is on or about to join (R6), and a list not in force (R34)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-01', assignPatient('L-A')))
      .thenRefuses('ALREADY_ON_LIST', 'R6');
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-04'))
      .when(on('2024-03-10', assignPatient('L-B')))
      .thenRefuses('ALREADY_ON_LIST', 'R6');
    given(registered(P))
      .when(on('2024-03-01', assignPatient('L-B', {}, { endsOn: '2024-04-01' })))
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });

  it('refuses an imported placement dated before a link already in force: links never overlap (§2.6)', () => {
    given(listed(P, 'L-A', '2023-06-01'))
      .when(on('2024-01-03', assignPatient('L-B', { effectiveFrom: '2023-03-01' })))
      .thenRefuses('OVERLAPPING_PERIOD', '§2.6');
    given(listed(P, 'L-A', '2023-06-01'))
      .when(on('2024-01-03', assignPatient('L-B', { effectiveFrom: '2023-06-01' })))
      .thenRefuses('OVERLAPPING_PERIOD', '§2.6');
    // After it, the link in force ends where the new one begins.
    given(listed(P, 'L-A', '2023-06-01'))
      .when(on('2024-01-03', assignPatient('L-B', { effectiveFrom: '2023-09-01' })))
      .then([
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2023-09-01' } },
        { type: 'PatientListed', data: { contractId: 'L-B', from: '2023-09-01' } },
      ]);
  });
});
