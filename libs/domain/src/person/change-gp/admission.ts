import { addMonths } from '../../calendar';
import type { BeginReason } from '../../events';
import { isChild } from '../guards';
import { formerListOnReturn } from '../queries';
import type { PersonState } from '../state';
import type { ChangeGpFacts } from './change-gp.command';

/** R13b: a return to a former list is possible for this many months from the registered move back. */
export const RETURN_OPTION_MONTHS = 6;

/** R13a: a child under 16 may join a list a parent is on on the effective date, even a full one. */
export function childJoinsParent(state: PersonState, facts: ChangeGpFacts): boolean {
  return isChild(state, facts.today) && facts.parentsListsOnEffectiveDate.includes(facts.target.contractId);
}

/** R13b: moved back within 3 years to the municipality of a former list; the option lasts 6 months. */
export function returnsToFormerList(state: PersonState, facts: ChangeGpFacts): boolean {
  const back = formerListOnReturn(state, facts.municipalityCodesOnLastMove);
  return (
    !!back &&
    back.contractIds.includes(facts.target.contractId) &&
    facts.today < addMonths(back.movedOn, RETURN_OPTION_MONTHS)
  );
}

/**
 * R6/R14/R19 with the R13 exceptions: the reason the person may get onto the target list, or null
 * when it has no place for them. A locked list takes nobody by the exceptions (R14).
 */
export function admission(state: PersonState, facts: ChangeGpFacts): BeginReason | null {
  const target = facts.target;
  const hasPlace = target.status === 'open' && target.freePlaces > 0;
  if (target.status === 'locked') return hasPlace ? 'CHOICE' : null;
  if (childJoinsParent(state, facts)) return 'CHILD_WITH_PARENT';
  if (returnsToFormerList(state, facts)) return 'MOVE_RETURN_3Y';
  return hasPlace ? 'CHOICE' : null;
}
