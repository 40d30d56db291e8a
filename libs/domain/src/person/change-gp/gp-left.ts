import type { BusinessDate } from '../../events';
import { linkOn } from '../queries';
import type { PersonState } from '../state';

/**
 * R16: the day the GP of the person's current list left: the latest end of a fastlege (LPFL) period
 * on that list by the date the change takes effect (even when a successor takes over), or, for a
 * person moved off a cancelled list (R34b), the day of that move. Only a departure while the person
 * is on the list counts: a GP who left before (or on the day) the person came was never theirs.
 */
export function gpLeftOn(
  state: PersonState,
  today: BusinessDate,
  effectiveFrom: BusinessDate,
  fastlegeEndsOnCurrentList: readonly BusinessDate[],
): BusinessDate | null {
  const link = linkOn(state, today);
  if (!link) return null;
  if (link.beginReason === 'CONTRACT_END_MOVE') return link.from;
  return (
    [...fastlegeEndsOnCurrentList]
      .filter((end) => end > link.from && end <= effectiveFrom)
      .sort()
      .at(-1) ?? null
  );
}
