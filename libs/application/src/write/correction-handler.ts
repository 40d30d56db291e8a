import {
  type CorrectFactFacts,
  FACT_EVENT,
  type LinkEnd,
  type ListEnd,
  type PersonEvent,
  type RecordedPersonEvent,
  streams,
} from '@flr/domain';
import type { RegisterCommand } from './commands';
import { personIdOf } from './facts';
import { decideForPerson } from './person-handlers';
import { commonFacts } from './person-facts';
import type { WriteSession } from './write-session';

interface StreamEvent extends RecordedPersonEvent {
  readonly correlationId: unknown;
  readonly registeredAt: unknown;
}

/**
 * CorrectFact (issue 11): finds the wrong fact on the person's stream (the latest of its kind not
 * already annulled, or the placement asked for) and the events recorded with it, and decides the
 * correction on them. Reading the stream here keeps the decision pure (plain data in the facts).
 */
export async function correctFact(s: WriteSession, cmd: Extract<RegisterCommand, { type: 'CorrectFact' }>) {
  const personId = personIdOf(s.view, cmd.nin);
  const events: StreamEvent[] = [];
  for await (const e of s.readStream(streams.person(personId))) {
    const metadata = e.metadata as { correlationId?: unknown; registeredAt?: unknown };
    events.push({
      id: e.id,
      event: { type: e.type, data: e.data } as PersonEvent,
      correlationId: metadata.correlationId,
      registeredAt: metadata.registeredAt,
    });
  }
  const annulled = new Set(
    events.flatMap((e) => (e.event.type === 'FactAnnulled' ? [e.event.data.annulledEventId] : [])),
  );
  const wanted = FACT_EVENT[cmd.fact];
  const index = findLast(events, (e) => {
    if (e.event.type !== wanted || annulled.has(e.id)) return false;
    return (
      cmd.associationId === undefined ||
      (e.event.type === 'PatientListed' && e.event.data.associationId === cmd.associationId)
    );
  });
  const target = index < 0 ? null : events[index]!;
  // The events of the same decision: appended together, so they follow it with the same metadata.
  const causedWith: RecordedPersonEvent[] = [];
  if (target)
    for (let i = index + 1; i < events.length; i++) {
      const e = events[i]!;
      if (e.correlationId !== target.correlationId || e.registeredAt !== target.registeredAt) break;
      causedWith.push(e);
    }
  // Also those recorded just before it in the same decision (a placement ends the previous link first).
  let decisionStart = index;
  if (target)
    for (let i = index - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.correlationId !== target.correlationId || e.registeredAt !== target.registeredAt) break;
      causedWith.unshift(e);
      decisionStart = i;
    }
  const joinedAt: Record<string, string> = {};
  let householdBefore: string | null = null;
  for (let i = 0; i < Math.max(index, 0); i++) {
    const e = events[i]!.event;
    if (e.type === 'WaitingListJoined') joinedAt[e.data.contractId] = e.data.joinedAt;
    if (e.type === 'PersonRegistered') householdBefore = e.data.householdId;
    if (e.type === 'PersonMoved' && !annulled.has(events[i]!.id)) householdBefore = e.data.householdId;
  }
  const facts: CorrectFactFacts = {
    ...commonFacts(s),
    target: target ? { recorded: { id: target.id, event: target.event }, causedWith } : null,
    joinedAt,
    householdBefore,
    linkEndsBefore: linkEndsBefore(events.slice(0, Math.max(decisionStart, 0))),
    listEnds: listEnds(s, events),
  };
  const command = {
    type: 'CorrectFact' as const,
    fact: cmd.fact,
    reason: cmd.reason,
    correctionId: s.newId(),
  };
  await decideForPerson(s, personId, command, facts);
}

/** How each link ended in the events given (null: open again after a correction, or never ended). */
function linkEndsBefore(events: readonly StreamEvent[]): Record<string, LinkEnd | null> {
  const ends: Record<string, LinkEnd | null> = {};
  for (const { event } of events) {
    if (event.type === 'PatientUnlisted')
      ends[event.data.associationId] = { to: event.data.to, endReason: event.data.endReason };
    if (event.type === 'PatientUnlistingAnnulled') ends[event.data.associationId] = null;
  }
  return ends;
}

/**
 * R34b: the cancellations of the lists in the person's history (links and waiting lists), and of
 * the lists they moved patients to, in turn.
 */
function listEnds(s: WriteSession, events: readonly StreamEvent[]): Record<string, ListEnd> {
  const pending = events.flatMap(({ event }) =>
    event.type === 'PatientListed' || event.type === 'WaitingListJoined' ? [event.data.contractId] : [],
  );
  const ends: Record<string, ListEnd> = {};
  const seen = new Set<string>();
  for (let contractId = pending.pop(); contractId !== undefined; contractId = pending.pop()) {
    if (seen.has(contractId)) continue;
    seen.add(contractId);
    const canceled = s.view.contracts.get(contractId)?.canceled;
    if (!canceled) continue;
    ends[contractId] = { ...canceled };
    pending.push(canceled.moveToContractId);
  }
  return ends;
}

function findLast<T>(items: readonly T[], match: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (match(items[i]!)) return i;
  return -1;
}
