import {
  age16LetterBirthdays,
  awaitsPlacement,
  type BusinessDate,
  childPlacementReason,
  contractActiveOn,
  decideContract,
  decidePerson,
  effectiveDate,
  InvalidInput,
  isChild,
  type Instant,
  jobPlacementDate,
  listOrder,
  listTurn,
  municipalityQueues,
  osloDateOf,
  type PersonCommand,
  type PersonState,
  recomputedListStatus,
  residentPlacementReason,
  RuleRefusal,
  streams,
  takesMore,
  UnknownResource,
  waitingInTurn,
} from '@flr/domain';
import { parentList, unassigned } from './daily-candidates';
import { autoAssignOn, canonicalMunicipality, listFacts } from './facts';
import { deterministicId, type WriteSession } from './write-session';

/**
 * §4.5 the nightly job as of `date`: recompute list status (R14), place children with a parent
 * (R10/R11/R13a), fill free places from unassigned residents, longest waiting first (R7/R8), then from
 * each list's waiting queue (R22/R23), and recompute status again. Re-running for the same date is
 * harmless: placed people are no longer unassigned or waiting.
 */
export async function runDailyJob(s: WriteSession, date: BusinessDate): Promise<void> {
  const from = jobPlacementDate(date, s.rules);
  const jobId = `daily:${date}`;
  const closedInThisRun = new Set<string>();
  let statusChanges = await recomputeStatuses(s, date, from, jobId, closedInThisRun);
  let placements = 0;

  // R10/R11/R13a: children go with a parent, full list or not.
  placements += await placeChildrenWithParents(s, date, from, jobId);

  const queues = municipalityQueues(await unassigned(s, date, from), date, {
    autoAssignOn: (municipality) => autoAssignOn(s.view, municipality, date),
    canonical: (municipality) => canonicalMunicipality(s.view, municipality, from),
  });
  const reason = residentPlacementReason(date, s.rules.schemeStart);
  for (const contractId of listOrder(s.view.contracts.keys())) {
    // The job acts on facts registered up to the end of its date (API.md): a list registered later, or
    // a ceiling raised later, does not exist for it.
    const contract = s.view.contractRecords.asKnownAt(contractId, date)?.state;
    // A list not in force on the effective date takes nobody (and must not use up the queue).
    if (contract?.status !== 'open' || !contractActiveOn(contract, from)) continue;
    const queue = queues.get(canonicalMunicipality(s.view, contract.municipality, from)) ?? [];
    const waiting = waitingInTurn(s.view.waiting.get(contractId)?.entries() ?? [], date);
    for (const next of listTurn(queue, waiting, reason)) {
      if (!takesMore(listFacts(s.view, contractId, from, contract))) break;
      const person = (await s.view.person(next.personId))!;
      const command: Placement =
        next.kind === 'unassigned'
          ? {
              type: 'PlaceAutomatically',
              contractId,
              reason: next.reason,
              effectiveFrom: from,
              associationId: '',
            }
          : { type: 'PromoteFromWaitingList', contractId, associationId: '' };
      if (!(await place(s, date, person, command, jobId))) continue;
      placements++;
      // Placed: out of the municipality's queue. Someone this list may not take (R32) stays for the next.
      if (next.kind === 'unassigned')
        queue.splice(
          queue.findIndex((p) => p.personId === next.personId),
          1,
        );
    }
  }
  // Children whose parents were just placed follow them (R11/R13a).
  placements += await placeChildrenWithParents(s, date, from, jobId);
  statusChanges += await recomputeStatuses(s, date, from, jobId, closedInThisRun);
  await sendAge16Letters(s, date, jobId);
  await s.append(streams.dailyJob, [
    { type: 'DailyJobCompleted', data: { date, placements, statusChanges } },
  ]);
}

/** R12: the letter to those who turned 16 (`age16LetterBirthdays`), once each. */
async function sendAge16Letters(s: WriteSession, date: BusinessDate, jobId: string): Promise<void> {
  for (const day of age16LetterBirthdays(date)) {
    for (const personId of [...(s.view.bornOn.get(day) ?? [])]) {
      await s.nextPerson();
      const person = await s.view.person(personId);
      if (!person || (await s.recordedAfter(streams.person(personId)))) continue;
      const command = { type: 'SendAge16Letter' as const, on: date };
      const events = decidePerson(command, person, {
        rules: s.rules,
        today: date,
        registeredAt: s.registeredAt,
      });
      await s.append(streams.person(personId), events, { idSeed: `${jobId}:age16:${personId}` });
    }
  }
}

/** R10/R11/R13a: unassigned children under 16 go on a parent's list, full or not (not a locked one). */
async function placeChildrenWithParents(
  s: WriteSession,
  date: BusinessDate,
  from: BusinessDate,
  jobId: string,
): Promise<number> {
  let placements = 0;
  for (const person of (await unassigned(s, date, from)).filter((p) => isChild(p, date))) {
    const contractId = await parentList(s, person, date, from);
    if (!contractId) continue;
    const cmd = {
      type: 'PlaceAutomatically' as const,
      contractId,
      reason: childPlacementReason(person, date, s.rules.schemeStart),
      effectiveFrom: from,
      associationId: '',
    };
    if (await place(s, date, person, cmd, jobId)) placements++;
  }
  return placements;
}

type Placement = Extract<PersonCommand, { type: 'PlaceAutomatically' | 'PromoteFromWaitingList' }>;

/** One placement = one append to the person's stream; a refusal skips the person (R25: keep the entry). */
async function place(
  s: WriteSession,
  date: BusinessDate,
  planned: PersonState,
  cmd: Placement,
  jobId: string,
): Promise<boolean> {
  // Commands let in between the job's slices may have placed, moved or removed the person: decide
  // from the person as the register knows them now, never from the state the job started with.
  await s.nextPerson();
  const person = await s.view.person(planned.personId);
  if (!person) return false;
  const stillCandidate =
    cmd.type === 'PromoteFromWaitingList'
      ? (s.view.waiting.get(cmd.contractId)?.has(person.personId) ?? false)
      : awaitsPlacement(person, cmd.effectiveFrom) && person.municipality === planned.municipality;
  if (!stillCandidate) return false;
  const step = `${jobId}:${person.personId}:${cmd.contractId}`;
  const command = { ...cmd, associationId: deterministicId(step, String(person.links.length)) };
  const from = command.type === 'PlaceAutomatically' ? command.effectiveFrom : effectiveDate(date, s.rules);
  const known = s.view.contractRecords.asKnownAt(cmd.contractId, date)?.state;
  if (!known) return false; // registered after the job's date
  // A person with a fact recorded after this run is left to a later run: never placed under it.
  if (await s.recordedAfter(streams.person(person.personId))) return false;
  const ctx = {
    rules: s.rules,
    today: date,
    registeredAt: s.registeredAt,
    target: listFacts(s.view, cmd.contractId, from, known),
  };
  try {
    const events = decidePerson(command, person, ctx);
    await s.append(streams.person(person.personId), events, { idSeed: step });
    return events.length > 0;
  } catch (error) {
    if (error instanceof RuleRefusal || error instanceof UnknownResource || error instanceof InvalidInput)
      return false;
    throw error;
  }
}

/**
 * The record time of a daily job the caller gave no `registeredAt`: its decision is as of the end of its
 * date (API.md), so a run for a past date is recorded then, not now; a run for today or later, now.
 * Stamping "now" would put the job's facts after everything recorded since, so a later caller's command
 * dated before "now" would count as backdated, and the job's own status changes as later decisions.
 */
export function dailyJobRecordTime(date: BusinessDate, now: Date): Instant {
  // The last millisecond of `date` in Europe/Oslo: UTC+1 or +2, so at most two hours back from 23:59Z.
  let end = Date.parse(`${date}T23:59:59.999Z`);
  while (osloDateOf(new Date(end)) !== date) end -= 3_600_000;
  return end < now.getTime() ? new Date(end).toISOString() : now.toISOString();
}

/** R14 (`recomputedListStatus`): lists the job closes in this run stay closed until the next run. */
async function recomputeStatuses(
  s: WriteSession,
  date: BusinessDate,
  from: BusinessDate,
  jobId: string,
  closedInThisRun: Set<string>,
) {
  let changes = 0;
  for (const contractId of [...s.view.contracts.keys()]) {
    await s.nextPerson();
    const known = s.view.contractRecords.asKnownAt(contractId, date);
    // A caller's later fact on the list (ceiling, manual status, cancellation) is a later decision that
    // the job of an earlier day does not overrule.
    if (!known || known.changedLater) continue;
    // Nor does it overrule a later run's status (API.md: a re-run for an earlier date undoes nothing).
    if (await s.recordedAfter(streams.contract(contractId))) continue;
    const contract = known.state;
    if (!contract.exists || contract.status === 'locked' || contract.canceled) continue;
    const status = recomputedListStatus({
      status: contract.status,
      freePlaces: listFacts(s.view, contractId, from, contract).freePlaces,
      arrivalsSinceOpening: s.view.intakes.arrivals(contractId),
      closedInThisRun: closedInThisRun.has(contractId),
      openingThreshold: s.rules.listOpeningThreshold,
    });
    if (status === contract.status) continue;
    if (status === 'closed') closedInThisRun.add(contractId);
    const events = decideContract({ type: 'ChangeListStatus', status, by: 'daily-job', on: date }, contract);
    await s.append(streams.contract(contractId), events, { idSeed: jobId });
    changes++;
  }
  return changes;
}
