import { type BusinessDate, linkOn, liveLinks, osloDateOf, type PersonState } from '@flr/domain';
import type { WriteSession } from './write-session';

/** Entitled residents with no list on `from`, longest waiting first (R8); D-numbers are placed by hand. */
export async function unassigned(
  s: WriteSession,
  date: BusinessDate,
  from: BusinessDate,
): Promise<PersonState[]> {
  const out: [string, PersonState][] = [];
  for (const [personId, since] of [...s.view.maybeUnassigned]) {
    // The job acts on facts registered up to the end of its date (API.md).
    if (since && osloDateOf(since) > date) continue;
    const p = await s.view.person(personId);
    if (p?.status !== 'resident') {
      s.view.maybeUnassigned.delete(personId);
      continue;
    }
    if (!awaitsPlacement(p, from)) continue;
    out.push([since, p]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, p]) => p);
}

/** R7: a resident without a current or coming list who is not opted out; D-numbers are placed by hand. */
export function awaitsPlacement(p: PersonState, from: BusinessDate): boolean {
  if (p.status !== 'resident' || p.optedOut || p.ninKind === 'DNR') return false;
  return !linkOn(p, from) && !liveLinks(p).some((l) => l.from > from);
}

/** R10/R11: the mother's list when she shares the child's address, else a parent's at the same address, else the mother's. */
export async function parentList(
  s: WriteSession,
  child: PersonState,
  from: BusinessDate,
): Promise<string | null> {
  const loaded = await Promise.all(child.parentIds.map((id) => s.view.person(id)));
  const parents = loaded.filter((p): p is PersonState => !!p);
  const ranked = [...parents].sort((a, b) => rank(child, a) - rank(child, b));
  for (const parent of ranked) {
    const link = linkOn(parent, from);
    if (link && s.view.contracts.get(link.contractId)?.status !== 'locked') return link.contractId;
  }
  return null;
}

function rank(child: PersonState, parent: PersonState): number {
  const sameHome = child.householdId !== null && parent.householdId === child.householdId ? 0 : 2;
  return sameHome + (parent.sex === 'female' ? 0 : 1);
}
