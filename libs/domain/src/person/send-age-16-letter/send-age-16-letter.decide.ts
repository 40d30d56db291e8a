import { ageOn } from '../../calendar';
import type { PersonEvent } from '../../events';
import { AGE_OF_SELF_DETERMINATION, assertRegistered } from '../guards';
import { linkOn } from '../queries';
import type { PersonState } from '../state';
import type { SendAge16Letter, SendAge16LetterFacts } from './send-age-16-letter.command';

/**
 * R12: once, on or after the 16th birthday, a resident in the scheme gets the letter saying they now
 * choose for themselves; it names their current list. Nothing else changes. Not yet 16, not resident,
 * opted out or already written to: no letter (the daily job asks every day, so this is no refusal).
 */
export function sendAge16Letter(
  command: SendAge16Letter,
  state: PersonState,
  _facts: SendAge16LetterFacts,
): PersonEvent[] {
  assertRegistered(state);
  if (state.age16LetterSent || state.status !== 'resident' || state.optedOut) return [];
  if (ageOn(state.birthDate, command.on) < AGE_OF_SELF_DETERMINATION) return [];
  const current = linkOn(state, command.on);
  return [
    {
      type: 'LetterSent',
      data: {
        personId: state.personId,
        kind: 'AGE_16',
        on: command.on,
        contractIds: current ? [current.contractId] : [],
        effectiveFrom: null,
      },
    },
  ];
}
