import { emigrated, listed, on, P, personSpec, recordEmigration, waiting } from '../../testing';
import { recordEmigration as decide } from './record-emigration.decide';

const { given } = personSpec(decide);

describe('RecordEmigration (R39)', () => {
  it('ends the link the 1st of the next month and withdraws the queue entry (S09)', () => {
    given(listed(P, 'L-A'), waiting(P, 'L-B'))
      .when(on('2024-05-10', recordEmigration('2024-05-10')))
      .then([
        { type: 'PersonEmigrated' },
        { type: 'PatientUnlisted', data: { to: '2024-06-01', endReason: 'EMIGRATION' } },
        { type: 'WaitingListLeft', data: { reason: 'EMIGRATION' } },
      ]);
  });

  it('with emigrationEndDate=day-after the link ends the day after (R39 [U])', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-05-10', recordEmigration('2024-05-10'), { emigrationEndDate: 'day-after' }))
      .then([{ type: 'PersonEmigrated' }, { type: 'PatientUnlisted', data: { to: '2024-05-11' } }]);
  });

  it('refuses an emigrant emigrating again (R39)', () => {
    given(listed(P, 'L-A'), emigrated(P, '2024-05-10'))
      .when(on('2024-06-10', recordEmigration('2024-06-10')))
      .thenRefuses('PERSON_NOT_RESIDENT', 'R39');
  });
});
