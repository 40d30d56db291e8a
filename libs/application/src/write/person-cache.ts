import type { PersonState } from '@flr/domain';

interface Entry {
  state: PersonState;
  revision: bigint;
  /** The latest record time (`registeredAt`, epoch ms) among the stream's events; 0 when none has one. */
  recordedAt: number;
}

/**
 * The writer's person states, least recently used first out. Person streams are small and read on
 * demand, so the writer keeps only indexes for the whole population (DESIGN §4: millions of people).
 */
export class PersonCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  /** Without touching the recency order. */
  peek(personId: string): Entry | undefined {
    return this.entries.get(personId);
  }

  get(personId: string): Entry | undefined {
    const entry = this.entries.get(personId);
    if (entry) {
      this.entries.delete(personId);
      this.entries.set(personId, entry);
    }
    return entry;
  }

  set(personId: string, state: PersonState, revision: bigint, recordedAt: number): void {
    this.entries.delete(personId);
    this.entries.set(personId, { state, revision, recordedAt });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
