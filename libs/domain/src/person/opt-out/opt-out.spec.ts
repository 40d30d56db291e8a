import { changed, child, listed, on, optedOut, optOut, P, parent, personSpec, waiting } from '../../testing';
import { optOut as decide } from './opt-out.decide';

const { given } = personSpec(decide);

describe('OptOut (R4, R42)', () => {
  it('ends the link the 1st of the next month (S10), withdraws a pending change and the queue entry', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-03-15', optOut()))
      .then([
        { type: 'PersonOptedOut', data: { on: '2024-03-15' } },
        { type: 'PatientUnlisted', data: { to: '2024-04-01', endReason: 'OPT_OUT' } },
      ]);
    given(listed(P, 'L-A'), changed(P, 'L-B', '2024-05'), waiting(P, 'L-C'))
      .when(on('2024-03-15', optOut()))
      .then([
        { type: 'PersonOptedOut' },
        { type: 'PatientUnlisted', data: { contractId: 'L-A', to: '2024-04-01' } },
        { type: 'PendingListingWithdrawn', data: { contractId: 'L-B', reason: 'LEFT_SCHEME' } },
        { type: 'WaitingListLeft', data: { contractId: 'L-C', reason: 'OPT_OUT' } },
      ]);
  });

  it('refuses opting out twice (R4)', () => {
    given(listed(P, 'L-A'), optedOut(P, '2024-01-10'))
      .when(on('2024-03-15', optOut()))
      .thenRefuses('ALREADY_OPTED_OUT', 'R4');
  });

  it('a parent at the same address may opt a child under 16 out; not from another address, not at 16', () => {
    given(child('2015-01-01'))
      .when(on('2024-03-15', optOut(parent())))
      .then([{ type: 'PersonOptedOut' }]);
    given(child('2015-01-01'))
      .when(on('2024-03-15', optOut(parent('M', false))))
      .thenRefuses('NOT_AUTHORISED', 'R11');
    given(child('2008-03-15'))
      .when(on('2024-03-15', optOut(parent())))
      .thenRefuses('NOT_AUTHORISED', 'R12');
  });
});
