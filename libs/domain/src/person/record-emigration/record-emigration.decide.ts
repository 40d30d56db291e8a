import { addDays, firstOfNextMonth } from '../../calendar';
import type { PersonEvent } from '../../events';
import { assertResident } from '../guards';
import { leaveScheme } from '../leave-scheme';
import type { PersonState } from '../state';
import type { RecordEmigration, RecordEmigrationFacts } from './record-emigration.command';

/** R39 [U]: the link ends the 1st of the month after emigration (default) or the day after. */
export function recordEmigration(
  command: RecordEmigration,
  state: PersonState,
  facts: RecordEmigrationFacts,
): PersonEvent[] {
  assertResident(state);
  const on = command.emigratedOn;
  const end = facts.rules.emigrationEndDate === 'day-after' ? addDays(on, 1) : firstOfNextMonth(on);
  return [
    { type: 'PersonEmigrated', data: { personId: state.personId, emigratedOn: on } },
    ...leaveScheme(state, end, 'EMIGRATION', 'EMIGRATION', on),
  ];
}
