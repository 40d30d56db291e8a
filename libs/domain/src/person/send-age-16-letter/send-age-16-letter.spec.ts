import type { PersonEvent } from '../../events';
import { type CaseBuilder, child, died, listed, on, P, personSpec } from '../../testing';
import type { SendAge16Letter, SendAge16LetterFacts } from './send-age-16-letter.command';
import { sendAge16Letter as decide } from './send-age-16-letter.decide';

const { given } = personSpec(decide);

const letter =
  (date: string): CaseBuilder<SendAge16Letter, SendAge16LetterFacts> =>
  (common) => ({
    command: { type: 'SendAge16Letter', on: date },
    facts: common,
  });

const sent: PersonEvent = {
  type: 'LetterSent',
  data: { personId: P, kind: 'AGE_16', on: '2024-03-05', contractIds: [], effectiveFrom: null },
};

describe('SendAge16Letter (R12)', () => {
  it('writes once, on or after the 16th birthday, naming the current list', () => {
    given(child('2008-03-05'), listed(P, 'L-A', '2008-04-01'))
      .when(on('2024-03-05', letter('2024-03-05')))
      .then([{ type: 'LetterSent', data: { kind: 'AGE_16', on: '2024-03-05', contractIds: ['L-A'] } }]);
    given(child('2008-03-05'), sent)
      .when(on('2024-03-06', letter('2024-03-06')))
      .then([]);
  });

  it('does not write before the birthday, nor to the dead', () => {
    given(child('2008-03-05'))
      .when(on('2024-03-04', letter('2024-03-04')))
      .then([]);
    given(child('2008-03-05'), died(P, '2020-01-01'))
      .when(on('2024-03-05', letter('2024-03-05')))
      .then([]);
  });
});
