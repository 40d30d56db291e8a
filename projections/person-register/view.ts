import {
  AGE_OF_SELF_DETERMINATION,
  addMonths,
  ageOn,
  changesUsedIn,
  evolvePerson,
  firstOfNextMonth,
  gpLeftCreditAvailable,
  initialPersonState,
  type Link,
  linkOn,
  moveCredits,
  type PersonEvent,
  type PersonState,
  pendingLink,
  type RegisterRules,
  reductionCreditsAvailable,
  yearOf,
} from '@flr/domain';
import { doctorPeriodsOf, doctorsOn } from '../directory/contract-view';
import { doctorEnd } from '../directory/model';
import { nationalSplit } from '../shared/municipality-code';
import type { Readers } from '../shared/readers';
import { type AsOf, known } from '../shared/record-time';
import { waitingList } from '../waiting-lists/waiting-lists';
import type { PersonRegister, PersonRow } from './model';
import { type Dated, foldTimeline, type PersonTimeline, valueOn } from './timeline';

/** One event of the person's stream with its record time (epoch ms and the instant as registered). */
export interface PersonStreamEvent {
  readonly id: string;
  readonly event: PersonEvent;
  readonly recordedMs: number;
  readonly recordedAt: string;
  /** Who recorded it (metadata.actor). */
  readonly actor: string | null;
}

export interface PersonViewContext {
  readonly at: string;
  readonly asOf: AsOf;
  readonly rules: RegisterRules;
  readonly register: PersonRegister;
  readonly readers: Readers;
}

type Status = 'resident' | 'dead' | 'emigrated' | 'opted-out';

/**
 * The administrators' view of one person on `at` as the register knew it at `asOf`: the person's
 * stream folded by the domain's own evolve (so changes left and exceptions are what the write
 * side would decide) and by the dated timeline (statuses, residences, households with periods).
 */
export function personView(stream: readonly PersonStreamEvent[], ctx: PersonViewContext) {
  const known = stream.filter((e) => ctx.asOf === undefined || e.recordedMs <= ctx.asOf);
  // A correction known at `asOf` annuls its fact in valid time; before it, the register believed the fact.
  const annulled = new Set(
    known.flatMap((e) => (e.event.type === 'FactAnnulled' ? [e.event.data.annulledEventId] : [])),
  );
  const timeline = foldTimeline(
    known.filter((e) => !annulled.has(e.id)).map((e) => ({ event: e.event, recordedAt: e.recordedAt })),
  );
  if (!timeline) return undefined;
  const state = known.reduce<PersonState>((s, e) => evolvePerson(s, e.event), initialPersonState);
  const { at } = ctx;
  const status = statusOn(timeline, at);
  const residence = residenceCodes(timeline.residence, ctx.register);
  const current = linkOn(state, at);
  const pending = pendingLink(state, at);
  return {
    nin: timeline.nin,
    ninKind: timeline.ninKind,
    at,
    birthDate: timeline.birthDate,
    age: ageOn(timeline.birthDate, at),
    sex: timeline.sex,
    status,
    statusHistory: [
      ...timeline.status.map(period),
      ...timeline.optedOut.filter((p) => p.value).map((p) => ({ ...period(p), status: 'opted-out' })),
    ],
    municipality: valueOn(residence, at) ?? null,
    municipalityHistory: residence.map((p) => ({ municipality: p.value, period: span(p) })),
    household: household(timeline, ctx),
    parents: parents(timeline, ctx),
    children: children(timeline, ctx),
    entitlement: entitlement(timeline, status),
    lists: {
      current: current ? listView(current, ctx) : null,
      pending: pending ? listView(pending, ctx) : null,
    },
    changes: changes(state, ctx),
    waitingList: waiting(timeline, ctx),
    corrections: known.flatMap((e) =>
      e.event.type === 'FactAnnulled'
        ? [
            {
              fact: e.event.data.fact,
              reason: e.event.data.reason,
              annulled: e.event.data.annulledType,
              recordedAt: e.recordedAt,
              actor: e.actor,
            },
          ]
        : [],
    ),
    letters: timeline.letters.map((l) => ({
      kind: l.kind,
      rule: LETTER_RULES[l.kind] ?? null,
      on: l.on,
      contractIds: l.contractIds,
      effectiveFrom: l.effectiveFrom,
      recordedAt: l.recordedAt,
    })),
  };
}

export type PersonView = NonNullable<ReturnType<typeof personView>>;

const LETTER_RULES: Readonly<Record<string, string>> = {
  MOVE_OFFER: 'R40',
  WAITING_LIST_PLACED: 'R22',
  AGE_16: 'R12',
};

/**
 * §1.8: the residence periods under the number each municipality had on the day, split on the
 * effective date of every renumbering recorded in the log or in the national code history (a code
 * change, never a move), as the person search and the ufordelte answer them (the register as it
 * knows its renumberings now).
 */
function residenceCodes(periods: readonly Dated<string>[], register: PersonRegister): Dated<string>[] {
  const out: Dated<string>[] = [];
  for (const [i, p] of periods.entries()) {
    let from = p.from;
    let code = register.canonical(p.value, from);
    for (let hops = 0; hops < 10; hops++) {
      const next = register.successorOf(code);
      if (!next || next.effectiveFrom <= from || (p.to !== null && next.effectiveFrom >= p.to)) break;
      out.push({ value: code, from, to: next.effectiveFrom });
      from = next.effectiveFrom;
      code = register.canonical(next.newNumber, from);
    }
    // A split (1507 Ålesund into 1508 and 1580): the code-history does not say which part the person
    // lived in, but a later move to one of the parts does (the write side records it as no move):
    // from the split's date the residence is under that part's number, not the number no longer valid.
    const split = nationalSplit(code);
    const after = periods[i + 1];
    if (split && after && split.effectiveFrom > from && split.effectiveFrom < after.from) {
      const part = register.canonical(after.value, after.from);
      if (split.targets.includes(part)) {
        out.push({ value: code, from, to: split.effectiveFrom });
        from = split.effectiveFrom;
        code = part;
      }
    }
    out.push({ value: code, from, to: p.to });
  }
  return out;
}

function span<T>(p: Dated<T>) {
  return { from: p.from, to: p.to };
}

function period(p: Dated<string | boolean>) {
  return { status: p.value as Status, period: span(p) };
}

function statusOn(t: PersonTimeline, at: string): Status {
  const life = valueOn(t.status, at) ?? 'resident';
  if (life !== 'resident') return life;
  return valueOn(t.optedOut, at) === true ? 'opted-out' : 'resident';
}

/** R1/R2: residents with a fødselsnummer; D-number holders only as asylum seekers, NATO or diplomatic staff. */
function entitlement(t: PersonTimeline, status: Status) {
  const basis = t.ninKind === 'FNR' ? 'resident-with-fodselsnummer' : t.entitlement;
  const entitled = (status === 'resident' || status === 'opted-out') && basis !== null;
  return {
    entitled,
    basis,
    rule: t.ninKind === 'FNR' ? 'R1' : 'R2',
    reason: entitled
      ? status === 'opted-out'
        ? 'Entitled, but has opted out of the scheme (R4)'
        : 'Entitled to a GP'
      : status !== 'resident' && status !== 'opted-out'
        ? `Not entitled: ${status}`
        : 'Not entitled: a D-number without asylum-seeker, NATO or diplomatic status (R2)',
  };
}

function rowOf(ctx: PersonViewContext, personId: string): PersonRow | undefined {
  const row = ctx.register.rows.get(personId);
  return row && known(row.recordedAt, ctx.asOf) ? row : undefined;
}

/** Members registered at the same household (address) now; the person's own household id is the one on `at`. */
function household(t: PersonTimeline, ctx: PersonViewContext) {
  const householdId = valueOn(t.household, ctx.at) ?? null;
  const members =
    householdId === null
      ? []
      : [...(ctx.register.householdMembers.get(householdId) ?? [])]
          .filter((id) => id !== t.personId)
          .map((id) => rowOf(ctx, id))
          .filter((r): r is PersonRow => r !== undefined && r.householdId === householdId)
          .map((r) => ({ nin: r.nin, birthDate: r.birthDate }));
  return { householdId, members };
}

/** R11: a parent acts for a child under 16 who shares the parent's registered address. */
function mayAct(parentHousehold: string | null, childHousehold: string | null, childAge: number): boolean {
  return (
    parentHousehold !== null && parentHousehold === childHousehold && childAge < AGE_OF_SELF_DETERMINATION
  );
}

function parents(t: PersonTimeline, ctx: PersonViewContext) {
  const own = valueOn(t.household, ctx.at) ?? null;
  const age = ageOn(t.birthDate, ctx.at);
  return t.parentIds
    .map((id) => rowOf(ctx, id))
    .filter((r): r is PersonRow => r !== undefined)
    .map((r) => ({
      nin: r.nin,
      sharesAddress: r.householdId !== null && r.householdId === own,
      mayActForThisPerson: mayAct(r.householdId, own, age),
    }));
}

function children(t: PersonTimeline, ctx: PersonViewContext) {
  const own = valueOn(t.household, ctx.at) ?? null;
  return (ctx.register.childrenOf.get(t.personId) ?? [])
    .map((id) => rowOf(ctx, id))
    .filter((r): r is PersonRow => r !== undefined)
    .map((r) => {
      const age = ageOn(r.birthDate, ctx.at);
      return {
        nin: r.nin,
        birthDate: r.birthDate,
        age,
        sharesAddress: r.householdId !== null && r.householdId === own,
        mayActForChild: mayAct(own, r.householdId, age),
      };
    });
}

function listView(link: Link, ctx: PersonViewContext) {
  return {
    contractId: link.contractId,
    period: { from: link.from, to: link.to },
    beginReason: link.beginReason,
    endReason: link.endReason,
    doctors: doctorsOn(ctx.readers, link.contractId, laterOf(link.from, ctx.at), ctx.asOf).map((d) => ({
      hpr: d.hpr,
      relationship: d.relationship,
      period: d.period,
    })),
  };
}

/** R16: the day the fastlege of the person's list left (a fastlege period ended by the next 1st), as the write side decides it. */
function gpLeftOn(state: PersonState, ctx: PersonViewContext): string | null {
  const link = linkOn(state, ctx.at);
  if (!link) return null;
  if (link.beginReason === 'CONTRACT_END_MOVE') return link.from;
  const effective = firstOfNextMonth(ctx.at);
  const ended = doctorPeriodsOf(ctx.readers, link.contractId)
    .filter((p) => known(p.recordedAt, ctx.asOf))
    .filter((p) => p.relationship === 'LPFL')
    .map((p) => doctorEnd(p, ctx.asOf))
    // Only a departure while the person is on the list (not one before they came) is theirs.
    .filter((to): to is string => to !== null && to > link.from && to <= effective)
    .sort();
  return ended.at(-1) ?? null;
}

/** R15/R16: changes used and left in the year of `at`, and the exceptions still open with the day each expires. */
function changes(state: PersonState, ctx: PersonViewContext) {
  const { rules, at } = ctx;
  const year = yearOf(at);
  const used = changesUsedIn(state, year, rules);
  const exceptions: { kind: string; rule: string; availableUntil: string | null; reason: string }[] = [];
  // One per move credit ChangeGP would grant, each with the day it lapses (two moves give two).
  for (const move of moveCredits(state, at, rules))
    exceptions.push({
      kind: 'MOVE',
      rule: 'R16',
      availableUntil: move.until,
      reason: `Moved from ${move.from} to ${move.to} on ${move.movedOn}: one change that does not count`,
    });
  const left = gpLeftOn(state, ctx);
  const gpLeftUntil = left ? addMonths(left, rules.gpLeftExtraChangeWindowMonths) : null;
  if (left && gpLeftUntil && gpLeftCreditAvailable(state, at, left, rules))
    exceptions.push({
      kind: 'GP_LEFT',
      rule: 'R16',
      availableUntil: gpLeftUntil,
      reason: `The fastlege of the list left on ${left}: one change that does not count`,
    });
  const reduction = reductionCreditsAvailable(state);
  for (let i = 0; i < reduction; i++)
    exceptions.push({
      kind: 'REDUCTION',
      rule: 'R16',
      availableUntil: null,
      reason: 'Moved by a list reduction: one extra change once the yearly limit is reached',
    });
  return {
    year,
    limit: rules.yearlyChangeLimit,
    used,
    left: Math.max(0, rules.yearlyChangeLimit - used),
    countedBy: rules.countYearBy,
    exceptions,
  };
}

function waiting(t: PersonTimeline, ctx: PersonViewContext) {
  if (!t.waiting) return null;
  const queue = waitingList(ctx.readers.waitingLists, t.waiting.contractId, { asOf: ctx.asOf });
  const place = queue.findIndex((e) => e.nin === t.nin);
  return {
    contractId: t.waiting.contractId,
    joinedAt: t.waiting.joinedAt,
    placeInQueue: place < 0 ? null : place + 1,
    queueLength: queue.length,
  };
}

/** Business dates compare as text (ISO order); the later of two. */
function laterOf(a: string, b: string): string {
  return a < b ? b : a;
}
