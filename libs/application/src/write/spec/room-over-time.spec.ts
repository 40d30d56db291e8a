import { given, nin, on } from '@flr/testing';
import { assign, changeGp, P, person, twoLists } from './fixtures';

const A = nin('1971-01-01', 3);
const B = nin('1972-01-01', 4);

/** L-B (ceiling 2) gets A and B from 2024-02-01; P is registered. */
const fullFromFebruary = () => [
  ...twoLists(10, 2),
  on('2024-01-02', person(A)),
  on('2024-01-02', person(B)),
  on('2024-01-02', person(P)),
  on('2024-01-03', assign(A, 'L-B')),
  on('2024-01-03', assign(B, 'L-B')),
];

describe('a list has room on every date from the effective date on (§4.4, R14, R28)', () => {
  it('refuses a placement dated back to a day the list had room, when it is full later on', async () => {
    await given(...fullFromFebruary())
      .when(on('2024-03-05', { ...assign(P, 'L-B'), effectiveFrom: '2024-01-01' }))
      .thenRefuses('NO_CAPACITY', 'R14');
  });

  it('places from that day when the list keeps a free place throughout', async () => {
    await given(...twoLists(10, 3), ...fullFromFebruary().slice(2))
      .when(on('2024-03-05', { ...assign(P, 'L-B'), effectiveFrom: '2024-01-01' }))
      .then([{ type: 'PatientListed', data: { contractId: 'L-B', from: '2024-01-01' } }]);
  });

  it('refuses a change to a list that is full from a later first of the month (R19)', async () => {
    // A and B are placed on L-B from 2024-03-01 by an import; P asks in January, to start 2024-02-01.
    await given(
      ...twoLists(10, 2),
      on('2024-01-02', person(A)),
      on('2024-01-02', person(B)),
      on('2024-01-02', person(P)),
      on('2024-01-03', { ...assign(A, 'L-B'), effectiveFrom: '2024-03-01' }),
      on('2024-01-03', { ...assign(B, 'L-B'), effectiveFrom: '2024-03-01' }),
    )
      .when(on('2024-01-10', changeGp(P, 'L-B')))
      .thenRefuses('NO_CAPACITY', 'R19');
  });
});
