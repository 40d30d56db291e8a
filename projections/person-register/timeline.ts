import {
  type BusinessDate,
  type Entitlement,
  type Instant,
  municipalityCodes,
  type PersonEvent,
  type Sex,
} from '@flr/domain';

/** A period of one fact, half-open `[from, to)`; `to` null = still so. */
export interface Dated<T> {
  readonly value: T;
  readonly from: BusinessDate;
  readonly to: BusinessDate | null;
}

export type LifeStatus = 'resident' | 'dead' | 'emigrated';

export interface LetterRecord {
  readonly kind: string;
  readonly on: BusinessDate;
  readonly contractIds: readonly string[];
  readonly effectiveFrom: BusinessDate | null;
  readonly recordedAt: Instant;
}

/**
 * One person's facts in valid time, as folded from their own stream (the register's administrators'
 * view): every status, residence, household and opt-out with its dates, so a question "on `at`"
 * reads the period containing `at`. Lists, exceptions and changes come from the domain's own state.
 */
export interface PersonTimeline {
  readonly personId: string;
  readonly nin: string;
  readonly ninKind: 'FNR' | 'DNR';
  readonly birthDate: BusinessDate;
  readonly sex: Sex | null;
  readonly parentIds: readonly string[];
  readonly entitlement: Entitlement | null;
  readonly registeredOn: BusinessDate;
  readonly status: readonly Dated<LifeStatus>[];
  readonly residence: readonly Dated<string>[];
  readonly household: readonly Dated<string | null>[];
  readonly optedOut: readonly Dated<boolean>[];
  readonly waiting: { readonly contractId: string; readonly joinedAt: Instant } | null;
  readonly letters: readonly LetterRecord[];
}

/** Closes the open period and opens one with `value` from `on` (a same-day change replaces it). */
export function changeFrom<T>(periods: readonly Dated<T>[], value: T, on: BusinessDate): Dated<T>[] {
  const kept = periods.filter((p) => p.from < on || p.to !== null);
  const closed = kept.map((p) => (p.to === null ? { ...p, to: on } : p));
  const last = closed.at(-1);
  // Same value again: the period simply continues.
  if (last && last.to === on && Object.is(last.value, value)) {
    closed[closed.length - 1] = { ...last, to: null };
    return closed;
  }
  return [...closed, { value, from: on, to: null }];
}

/** The value in force on `date`, else undefined (before the first period). */
export function valueOn<T>(periods: readonly Dated<T>[], date: BusinessDate): T | undefined {
  for (const p of periods) if (p.from <= date && (p.to === null || date < p.to)) return p.value;
  return undefined;
}

export function foldTimeline(
  events: readonly { event: PersonEvent; recordedAt: Instant }[],
): PersonTimeline | null {
  let t: PersonTimeline | null = null;
  for (const { event, recordedAt } of events) t = evolveTimeline(t, event, recordedAt);
  return t;
}

export function evolveTimeline(
  t: PersonTimeline | null,
  event: PersonEvent,
  recordedAt: Instant,
): PersonTimeline | null {
  if (event.type === 'PersonRegistered') {
    const d = event.data;
    return {
      personId: d.personId,
      nin: d.nin,
      ninKind: d.ninKind,
      birthDate: d.birthDate,
      sex: d.sex,
      parentIds: d.parentIds,
      entitlement: d.entitlement,
      registeredOn: d.registeredOn,
      status: [{ value: 'resident', from: d.registeredOn, to: null }],
      residence: [{ value: d.municipality, from: d.registeredOn, to: null }],
      household: [{ value: d.householdId, from: d.registeredOn, to: null }],
      optedOut: [{ value: false, from: d.registeredOn, to: null }],
      waiting: null,
      letters: [],
    };
  }
  if (t === null) return null;
  switch (event.type) {
    case 'PersonMoved': {
      const d = event.data;
      const emigrated = t.status.at(-1)?.value === 'emigrated';
      // §1.8: a "move" from a split number to one of its parts is no move, but it names the part the
      // person lived in; the residence takes that number (from the split's date: view.ts).
      const lived = t.residence.at(-1)?.value;
      const partOfSplit =
        lived !== undefined &&
        lived !== d.municipality &&
        municipalityCodes.canonicalOn(lived, d.movedOn).length > 1 &&
        municipalityCodes.canonicalOn(lived, d.movedOn).includes(d.municipality);
      return {
        ...t,
        residence:
          d.fromMunicipality !== d.municipality || partOfSplit
            ? changeFrom(t.residence, d.municipality, d.movedOn)
            : t.residence,
        household: changeFrom(t.household, d.householdId, d.movedOn),
        // A registered move back into Norway makes an emigrant resident again (R1).
        status: emigrated ? changeFrom(t.status, 'resident', d.movedOn) : t.status,
      };
    }
    case 'PersonDied':
      return { ...t, status: changeFrom(t.status, 'dead', event.data.diedOn) };
    case 'PersonEmigrated':
      return { ...t, status: changeFrom(t.status, 'emigrated', event.data.emigratedOn) };
    case 'PersonOptedOut':
      return { ...t, optedOut: changeFrom(t.optedOut, true, event.data.on) };
    case 'PersonOptedIn':
      return { ...t, optedOut: changeFrom(t.optedOut, false, event.data.on) };
    case 'PersonNinChanged':
      return { ...t, nin: event.data.newNin, ninKind: Number(event.data.newNin[0]) >= 4 ? 'DNR' : 'FNR' };
    case 'WaitingListJoined':
      return { ...t, waiting: { contractId: event.data.contractId, joinedAt: event.data.joinedAt } };
    case 'WaitingListLeft':
      return t.waiting?.contractId === event.data.contractId ? { ...t, waiting: null } : t;
    case 'LetterSent': {
      const d = event.data;
      const letter: LetterRecord = {
        kind: d.kind,
        on: d.on,
        contractIds: d.contractIds,
        effectiveFrom: d.effectiveFrom,
        recordedAt,
      };
      return { ...t, letters: [...t.letters, letter] };
    }
    // Corrections: the view drops the annulled event itself before folding (valid time as corrected).
    case 'FactAnnulled':
    case 'PatientUnlistingAnnulled':
    case 'PatientListed':
    case 'PatientUnlisted':
    case 'PendingListingWithdrawn':
    case 'PersonBarredFromList':
      return t;
    default: {
      const never: never = event;
      return never;
    }
  }
}
