import { addDays, firstOfNextMonth } from '../../calendar';
import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertRegistered } from '../guards';
import { leaveScheme } from '../leave-scheme';
import type { PersonState } from '../state';
import type { RecordDeath, RecordDeathFacts } from './record-death.command';

/** R38 [U]: the link ends the day after death (default) or the 1st of the next month. */
export function recordDeath(
  command: RecordDeath,
  state: PersonState,
  facts: RecordDeathFacts,
): PersonEvent[] {
  assertRegistered(state);
  if (state.status === 'dead') refuse('PERSON_NOT_RESIDENT', 'R38', 'The death is already registered');
  const end =
    facts.rules.deathEndDate === 'day-after' ? addDays(command.diedOn, 1) : firstOfNextMonth(command.diedOn);
  return [
    { type: 'PersonDied', data: { personId: state.personId, diedOn: command.diedOn } },
    ...leaveScheme(state, end, 'DEATH', 'DEATH', command.diedOn),
  ];
}
