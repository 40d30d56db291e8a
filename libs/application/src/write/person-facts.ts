import {
  type BusinessDate,
  type CommonFacts,
  effectiveDate,
  linkOn,
  type PersonState,
  type Requester,
} from '@flr/domain';
import { canonicalMunicipality, listsWithPlaces, personIdOf, personOf, splitSuccessorsOn } from './facts';
import type { WriteSession } from './write-session';

/**
 * Facts a person decision needs from outside the person's stream, read from the writer view as plain
 * data. Gathering holds no policy: what the facts mean is decided in the command's folder in the domain.
 */
export function commonFacts(s: WriteSession): CommonFacts {
  return { rules: s.rules, today: s.today, registeredAt: s.registeredAt };
}

/** R11/R12: who asks for the person (`requestedBy` is a NIN), or null when the person asks themselves. */
export async function requesterOf(
  s: WriteSession,
  person: PersonState,
  requestedBy: string | undefined,
): Promise<Requester | null> {
  if (!requestedBy) return null;
  const requesterId = personIdOf(s.view, requestedBy, 'requestedBy');
  const requester = await personOf(s.view, requesterId);
  return {
    personId: requesterId,
    isParent: person.parentIds.includes(requesterId),
    sameHousehold: person.householdId !== null && person.householdId === requester.householdId,
  };
}

/** R16: the end dates of the fastlege (LPFL) periods on the list the person is on today. */
export function fastlegeEndsOnCurrentList(s: WriteSession, person: PersonState): BusinessDate[] {
  const link = linkOn(person, s.today);
  const contract = link ? s.view.contracts.get(link.contractId) : undefined;
  if (!contract) return [];
  return contract.doctors.flatMap((d) => (d.relationship === 'LPFL' && d.to !== null ? [d.to] : []));
}

/** R13a: the lists the person's parents are on on `date`. */
export async function parentsListsOn(s: WriteSession, person: PersonState, date: BusinessDate) {
  const parents = await Promise.all(person.parentIds.map((p) => personOf(s.view, p)));
  return parents.flatMap((parent) => linkOn(parent, date)?.contractId ?? []);
}

/** R13b/§1.8: the code each municipality number the person lived in has on the day of their last move. */
export function municipalityCodesOnLastMove(s: WriteSession, person: PersonState): Record<string, string> {
  const move = person.lastMove;
  if (!move) return {};
  const numbers = new Set([move.to, ...person.residences.map((r) => r.municipality)]);
  return Object.fromEntries(
    [...numbers].map((n) => [n, canonicalMunicipality(s.view, n, move.movedOn)] as const),
  );
}

/**
 * §1.8/R40: the codes of the person's municipality and the one moved to on the move date; the lists
 * with a free place there are looked up only for a move between municipalities (the only one that
 * sends the offer letter).
 */
export function moveFacts(s: WriteSession, person: PersonState, municipality: string, movedOn: BusinessDate) {
  const to = canonicalMunicipality(s.view, municipality, movedOn);
  // §1.8: a split is no move. A move from a number that was split by then to one of its successors
  // tells the register which part the person lived in: the same municipality, under its new number.
  const from = splitSuccessorsOn(s.view, person.municipality, movedOn).includes(to)
    ? to
    : canonicalMunicipality(s.view, person.municipality, movedOn);
  const codes = { from, to };
  const lists =
    codes.from === codes.to ? [] : listsWithPlaces(s.view, codes.to, effectiveDate(s.today, s.rules));
  return { municipalityCodes: codes, listsWithPlaces: lists };
}
