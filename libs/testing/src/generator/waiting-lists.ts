import { ageOn, dateOfDayNumber, streams } from '@flr/domain';
import type { GeneratedEvent } from './generated-event';
import type { World } from './world';

/**
 * Waiting lists (R21–R26) from their launch day (R24). People on a full list's queue are promoted,
 * first come first served (R23), as places free up; a promotion is a voluntary change (R25 default)
 * and is skipped, keeping the entry, while the person has no change left or a change pending.
 *
 * Queues hold (person, join number) pairs; an entry is live while the person still waits with that
 * join number, so leaving a queue (death, emigration, a place by another route) costs nothing here.
 */
export class WaitingLists {
  /** Per list: person and join number pairs, oldest first; `head` skips the served part. */
  private readonly queues = new Map<number, { items: number[]; head: number }>();

  constructor(private readonly w: World) {}

  get size(): number {
    return this.w.waitingCount;
  }

  join(p: number, c: number): GeneratedEvent {
    const w = this.w;
    const seq = ++w.pop.waitingSeq[p];
    w.pop.waitingFor[p] = c;
    w.waitingCount++;
    let queue = this.queues.get(c);
    if (!queue) {
      queue = { items: [], head: 0 };
      this.queues.set(c, queue);
    }
    queue.items.push(p, seq);
    const personId = w.personId(p);
    return w.emit(streams.person(personId), 'WaitingListJoined', {
      personId,
      contractId: w.contractId(c),
      joinedAt: w.registeredAtNow,
      requestedBy: null,
    });
  }

  /** The entry ends (R26): returns the WaitingListLeft event, or null when the person waits nowhere. */
  leave(
    p: number,
    reason: 'DEATH' | 'EMIGRATION' | 'LISTED_ELSEWHERE' | 'PROMOTED' | 'CONTRACT_ENDED' | 'LEFT',
    on: string,
  ) {
    const w = this.w;
    const c = w.pop.waitingFor[p];
    if (c < 0) return null;
    w.pop.waitingFor[p] = -1;
    w.waitingCount--;
    const personId = w.personId(p);
    return w.emit(streams.person(personId), 'WaitingListLeft', {
      personId,
      contractId: w.contractId(c),
      reason,
      on,
    });
  }

  /**
   * R26: the list's contract ends, and so does every entry on its waiting list, first come first (the
   * register ends them in the order they joined).
   */
  *end(c: number, on: string): Generator<GeneratedEvent> {
    const queue = this.queues.get(c);
    if (!queue) return;
    this.queues.delete(c);
    for (let i = queue.head; i < queue.items.length; i += 2) {
      const p = queue.items[i];
      if (this.w.pop.waitingFor[p] !== c || this.w.pop.waitingSeq[p] !== queue.items[i + 1]) continue;
      yield this.leave(p, 'CONTRACT_ENDED', on)!;
    }
  }

  /**
   * R22/R23: each list with a free place takes the first people of its queue, in contract order (as
   * the daily job walks them). Someone who cannot take the place today keeps their entry.
   */
  *promote(): Generator<GeneratedEvent> {
    const w = this.w;
    const lists = [...this.queues.keys()].sort((a, b) => a - b);
    for (const c of lists) {
      const queue = this.queues.get(c)!;
      if (w.book.free(c) <= 0) continue;
      const skipped: number[] = [];
      while (w.book.free(c) > 0 && queue.head < queue.items.length) {
        const p = queue.items[queue.head];
        const seq = queue.items[queue.head + 1];
        queue.head += 2;
        if (w.pop.waitingFor[p] !== c || w.pop.waitingSeq[p] !== seq) continue; // left the queue
        if (!w.mayBePromoted(p)) {
          skipped.push(p, seq);
          continue;
        }
        w.action();
        yield this.leave(p, 'PROMOTED', w.date)!;
        yield* w.promoteTo(p, c);
      }
      // Skipped people keep their place at the front of the queue.
      queue.items = [...skipped, ...queue.items.slice(queue.head)];
      queue.head = 0;
      if (queue.items.length === 0) this.queues.delete(c);
    }
  }
}

/** R11: a child under 16 acts through a parent; the generator's waiting people are 16 or over. */
export function mayWait(w: World, p: number): boolean {
  return (
    w.pop.contract[p] >= 0 &&
    w.pop.waitingFor[p] < 0 &&
    w.pop.pendingUntil[p] <= w.day &&
    ageOn(dateOfDayNumber(w.pop.birthDay[p]), w.date) >= 16
  );
}
