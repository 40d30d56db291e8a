import { contractCanceled, contractCreated, contractSpec } from '../../testing';
import type { ChangeListStatus } from './change-list-status.command';
import { changeListStatus } from './change-list-status.decide';

const { given } = contractSpec((c: ChangeListStatus, s) => changeListStatus(c, s));
const status = (to: ChangeListStatus['status'], by: ChangeListStatus['by'] = 'manual'): ChangeListStatus => ({
  type: 'ChangeListStatus',
  status: to,
  by,
  on: '2024-03-10',
});

describe('ChangeListStatus (R14)', () => {
  it('records who changed the status and from what', () => {
    given(contractCreated('L-A'))
      .when(status('locked'), undefined)
      .then([
        { type: 'ListStatusChanged', data: { status: 'locked', previousStatus: 'open', by: 'manual' } },
      ]);
    given(contractCreated('L-A', { status: 'closed' }))
      .when(status('open', 'daily-job'), undefined)
      .then([
        { type: 'ListStatusChanged', data: { status: 'open', previousStatus: 'closed', by: 'daily-job' } },
      ]);
  });

  it('the same status again writes nothing', () => {
    given(contractCreated('L-A')).when(status('open'), undefined).thenNothing();
  });

  it('refuses a cancelled contract', () => {
    given(contractCreated('L-A'), contractCanceled())
      .when(status('closed'), undefined)
      .thenRefuses('CONTRACT_NOT_ACTIVE', 'R34');
  });
});
