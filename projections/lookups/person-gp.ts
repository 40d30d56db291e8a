import { doctorsOn } from '../directory/contract-view';
import { dayNumber } from '../link-index/days';
import { type LinkView, linkOnDay, linkView, personOfNin } from '../link-index/queries';
import type { Readers, When } from '../shared/readers';

export interface GpDoctor {
  hpr: number;
  relationship: 'LPFL' | 'LPVI';
  period: { from: string; to: string | null };
  substituteForHpr?: number;
}

/** GetPatientGPDetails: the link in effect and the doctor periods valid then (§5.4). */
export interface PersonGp {
  nin: string;
  contractId: string;
  period: { from: string; to: string | null };
  doctors: GpDoctor[];
  /** No fastlege (LPFL) on the list on that date: "liste uten fast lege" (S37). */
  listWithoutGp: boolean;
  beginReason: string;
}

export type PersonGpAnswer = { kind: 'found'; gp: PersonGp } | { kind: 'unknown-person' } | { kind: 'no-gp' };

export function personGp(readers: Readers, nin: string, when: When): PersonGpAnswer {
  const index = readers.linkIndex;
  const person = personOfNin(index, nin, when.asOf);
  if (person < 0) return { kind: 'unknown-person' };
  const link = linkOnDay(index, person, dayNumber(when.at), when.asOf);
  if (link < 0) return { kind: 'no-gp' };
  return { kind: 'found', gp: gpOfLink(readers, nin, linkView(index, link, when.asOf), when) };
}

export function gpOfLink(readers: Readers, nin: string, link: LinkView, when: When): PersonGp {
  const doctors = doctorsOn(readers, link.contractId, when.at, when.asOf);
  return {
    nin,
    contractId: link.contractId,
    period: link.period,
    doctors: doctors.map((d) => {
      const out: GpDoctor = { hpr: d.hpr, relationship: d.relationship, period: d.period };
      if (d.substituteForHpr !== undefined) out.substituteForHpr = d.substituteForHpr;
      return out;
    }),
    listWithoutGp: !doctors.some((d) => d.relationship === 'LPFL'),
    beginReason: link.beginReason,
  };
}

/** GetPatientsGPDetailsAtTime: people unknown or without a GP at their time are omitted. */
export function gpAtTimeBatch(
  readers: Readers,
  items: readonly { nin: string; at: string }[],
  base: Omit<When, 'at'>,
): (PersonGp & { at: string })[] {
  const out: (PersonGp & { at: string })[] = [];
  for (const item of items) {
    const answer = personGp(readers, item.nin, { ...base, at: item.at });
    if (answer.kind === 'found') out.push({ ...answer.gp, at: item.at });
  }
  return out;
}

export type ConfirmMode = 'fastlege-only' | 'include-substitutes';

/**
 * ConfirmGP: was `hpr` the person's GP on the date? A fastlege (LPFL) on the person's list counts;
 * whether a vikar does is open (§9 q10, S51) and behind `mode` (default fastlege only).
 */
export function confirmGp(
  readers: Readers,
  nin: string,
  hpr: number,
  when: When,
  mode: ConfirmMode,
): boolean {
  const answer = personGp(readers, nin, when);
  if (answer.kind !== 'found') return false;
  return answer.gp.doctors.some(
    (d) => d.hpr === hpr && (d.relationship === 'LPFL' || mode === 'include-substitutes'),
  );
}
