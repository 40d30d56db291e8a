import { contains } from '../../shared/dates';
import type { ReadModelReader } from '../../shared/read-model';
import type { LinkView } from '../../link-index/queries';
import type { AsOf } from '../../shared/record-time';
import { endOf, keys, type Link, type NinDoc, type PersonDoc, visible } from './model';
import { readPerson } from './person-codec';

export type { LinkView, Period } from '../../link-index/queries';

/**
 * The person a nin denotes at `asOf`. A nin replaced by a NIN change stops resolving once the
 * change is recorded (S45); the new nin resolves from then on.
 */
export function findPerson(r: ReadModelReader, nin: string, asOf?: AsOf): PersonDoc | undefined {
  const entry = r.get<NinDoc>(keys.nin(nin));
  if (!entry) return undefined;
  if (
    asOf === undefined
      ? entry.until !== undefined
      : entry.recordedAt > asOf || (entry.until ?? Infinity) <= asOf
  )
    return undefined;
  const person = readPerson(r, entry.personId);
  return person && (asOf === undefined || person.recordedAt <= asOf) ? person : undefined;
}

function view(link: Link, asOf: AsOf): LinkView {
  const end = endOf(link, asOf);
  return {
    associationId: link.associationId,
    contractId: link.contractId,
    period: { from: link.from, to: end?.to ?? null },
    beginReason: link.beginReason,
    endReason: end?.endReason ?? null,
  };
}

/** The link in effect on `date` (valid time) as known at `asOf` (record time); §5.4, half-open. */
export function linkAt(person: PersonDoc, date: string, asOf?: AsOf): LinkView | undefined {
  for (let i = person.links.length - 1; i >= 0; i--) {
    const link = person.links[i];
    if (link.from > date || !visible(link, asOf)) continue;
    const to = endOf(link, asOf)?.to ?? null;
    if (contains(link.from, to, date)) return view(link, asOf);
  }
  return undefined;
}

/**
 * gp-history: every period that took effect or is pending, oldest first; pending links withdrawn
 * before they took effect are left out (API.md, §4.3). Empty periods (ended on their first day) too.
 */
export function historyOf(person: PersonDoc, asOf?: AsOf): LinkView[] {
  const out: LinkView[] = [];
  for (const link of person.links) {
    if (!visible(link, asOf)) continue;
    const v = view(link, asOf);
    if (v.period.to !== null && v.period.to <= v.period.from) continue;
    out.push(v);
  }
  return out;
}

/** The current link on `date` and the pending one that will replace it (the person's lists). */
export function currentAndPending(
  person: PersonDoc,
  date: string,
  asOf?: AsOf,
): {
  current: LinkView | null;
  pending: LinkView | null;
} {
  const current = linkAt(person, date, asOf) ?? null;
  const pending = historyOf(person, asOf).find((l) => l.period.from > date) ?? null;
  return { current, pending };
}
