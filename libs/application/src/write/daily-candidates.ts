import {
  awaitsPlacement,
  type BusinessDate,
  linkOn,
  longestWaitingFirst,
  osloDateOf,
  type PersonState,
  parentListFor,
} from '@flr/domain';
import type { WriteSession } from './write-session';

/** The residents the job must place on `from` (R7), longest waiting first (R8). */
export async function unassigned(
  s: WriteSession,
  date: BusinessDate,
  from: BusinessDate,
): Promise<PersonState[]> {
  const out: [string, PersonState][] = [];
  for (const [personId, since] of [...s.view.maybeUnassigned]) {
    // A scan of many persons is sliced too; each placement re-checks the person anyway.
    await s.nextPerson();
    // The job acts on facts registered up to the end of its date (API.md).
    if (since && osloDateOf(since) > date) continue;
    const p = await s.view.person(personId);
    if (p?.status !== 'resident') {
      s.view.maybeUnassigned.delete(personId);
      continue;
    }
    if (awaitsPlacement(p, from)) out.push([since, p]);
  }
  return longestWaitingFirst(out);
}

/** R10/R11 (domain): the list a child goes on with a parent, gathered from the writer view. */
export async function parentList(
  s: WriteSession,
  child: PersonState,
  date: BusinessDate,
  from: BusinessDate,
): Promise<string | null> {
  const loaded = await Promise.all(child.parentIds.map((id) => s.view.person(id)));
  const parents = loaded
    .filter((p): p is PersonState => !!p)
    .map((parent) => {
      const contractId = linkOn(parent, from)?.contractId ?? null;
      const locked = contractId !== null && s.view.contracts.get(contractId)?.status === 'locked';
      return { parent, contractId, locked };
    });
  return parentListFor(child, date, parents);
}
