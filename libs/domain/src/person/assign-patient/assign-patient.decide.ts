import type { PersonEvent } from '../../events';
import { refuse } from '../../shared/refusals';
import {
  assertEntitled,
  assertListActive,
  assertNoLinkInForceFrom,
  assertNotAlreadyOn,
  assertNotBarred,
  effectiveDate,
} from '../guards';
import { countingYear, NOT_COUNTED, relist } from '../relist';
import { linkOn, pendingLink } from '../queries';
import type { PersonState } from '../state';
import type { AssignPatient, AssignPatientFacts } from './assign-patient.command';

/** R28: a placement by hand, on a list with a free place that is not locked unless overridden. */
export function assignPatient(
  command: AssignPatient,
  state: PersonState,
  facts: AssignPatientFacts,
): PersonEvent[] {
  const { rules, today } = facts;
  assertEntitled(state);
  const from = command.effectiveFrom ?? effectiveDate(today, rules);
  const target = assertListActive(facts.target, from);
  if (!command.overrideReason) {
    assertNotBarred(state, target);
    if (target.status === 'locked') refuse('NO_CAPACITY', 'R14', 'The list is locked');
    if (target.freePlaces <= 0) refuse('NO_CAPACITY', 'R14', 'The list has no free place');
  }
  assertNotAlreadyOn(state, target.contractId, from);
  assertNoLinkInForceFrom(state, from, today);
  // Placements by the register never use up a change (R16); an imported CHOICE is recorded as one,
  // unless the person was on no list (R15 counts the changes of "a person on a list").
  const onAList = !!linkOn(state, today) || !!pendingLink(state, today);
  const counting =
    command.reason === 'CHOICE' && today >= rules.schemeStart && onAList
      ? { countsTowardLimit: true, countedInYear: countingYear(today, from, rules), exemption: null }
      : NOT_COUNTED;
  return relist(state, {
    personId: state.personId,
    associationId: command.associationId,
    contractId: target.contractId,
    from,
    beginReason: command.reason,
    endReason: 'CHANGED',
    counting,
    requestedBy: null,
    overrideReason: command.overrideReason,
    today,
  });
}
