import type { MunicipalityAutoAssignToggled } from '../../events';
import { autoAssignEnabledOn, type MunicipalityState } from '../municipality.state';
import type { SetAutoAssignment } from './set-auto-assignment.command';

/** R9/§2.8: records the switch from its day; setting it to what it already is writes nothing. */
export function setAutoAssignment(
  command: SetAutoAssignment,
  state: MunicipalityState,
): MunicipalityAutoAssignToggled[] {
  const { number, enabled, on } = command;
  if (autoAssignEnabledOn(state, on) === enabled && !state.autoAssign.some((s) => s.on > on)) return [];
  return [{ type: 'MunicipalityAutoAssignToggled', data: { number, enabled, on } }];
}
