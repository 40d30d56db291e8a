import { changed, died, listed, on, P, personSpec, recordDeath, waiting } from '../../testing';
import { recordDeath as decide } from './record-death.decide';

const { given } = personSpec(decide);

describe('RecordDeath (R38)', () => {
  it('ends the link the day after death by default, or the 1st of the next month (R38 [U])', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-05-11', recordDeath('2024-05-10')))
      .then([
        { type: 'PersonDied', data: { diedOn: '2024-05-10' } },
        { type: 'PatientUnlisted', data: { to: '2024-05-11', endReason: 'DEATH' } },
      ]);
    given(listed(P, 'L-A'))
      .when(on('2024-05-11', recordDeath('2024-05-10'), { deathEndDate: 'first-of-next-month' }))
      .then([{ type: 'PersonDied' }, { type: 'PatientUnlisted', data: { to: '2024-06-01' } }]);
  });

  it('withdraws a pending change and gives the current link the death reason', () => {
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-06'))
      .when(on('2024-05-11', recordDeath('2024-05-10')))
      .then([
        { type: 'PersonDied' },
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2024-05-11', endReason: 'DEATH' } },
        { type: 'PendingListingWithdrawn', data: { contractId: 'L-B', reason: 'LEFT_SCHEME' } },
      ]);
  });

  it('ends the waiting-list entry (S27, R26)', () => {
    given(listed(P, 'L-A'), waiting(P, 'L-B'))
      .when(on('2024-05-11', recordDeath('2024-05-10')))
      .then([
        { type: 'PersonDied' },
        { type: 'PatientUnlisted' },
        { type: 'WaitingListLeft', data: { contractId: 'L-B', reason: 'DEATH', on: '2024-05-10' } },
      ]);
  });

  it('refuses a second death and an unknown person', () => {
    given(listed(P, 'L-A'), died(P, '2024-05-10'))
      .when(on('2024-05-12', recordDeath('2024-05-10')))
      .thenRefuses('PERSON_NOT_RESIDENT', 'R38');
    given()
      .when(on('2024-05-12', recordDeath('2024-05-10')))
      .thenRefuses('UNKNOWN_PERSON');
  });
});
