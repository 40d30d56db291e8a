import type { Consumer, Message } from './consumer';
import type { ConsumerStrategy } from './settings';

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return Math.abs(h);
}

const free = (c: Consumer) => c.inFlight < c.bufferSize;

/**
 * Consumer strategies (ConsumerStrategy/*Registry.cs): RoundRobin rotates over consumers with free
 * slots; DispatchToSingle fills the first consumer that has room; Pinned sends a stream (or, for
 * PinnedByCorrelation, a `$correlationId`) always to the same consumer, waiting while it is full.
 */
export class ConsumerSelector {
  private next = 0;

  constructor(private readonly strategy: ConsumerStrategy) {}

  get pinned(): boolean {
    return this.strategy === 'Pinned' || this.strategy === 'PinnedByCorrelation';
  }

  pick(consumers: readonly Consumer[], message: Message): Consumer | undefined {
    if (consumers.length === 0) return undefined;
    if (this.strategy === 'DispatchToSingle') return consumers.find(free);
    if (this.pinned) {
      const correlation = (message.read.event.metadata as Record<string, unknown>).$correlationId;
      const byCorrelation = this.strategy === 'PinnedByCorrelation' && typeof correlation === 'string';
      const target =
        consumers[hash(byCorrelation ? correlation : message.read.event.stream) % consumers.length]!;
      return free(target) ? target : undefined;
    }
    for (let i = 0; i < consumers.length; i++) {
      const candidate = consumers[(this.next + i) % consumers.length]!;
      if (free(candidate)) {
        this.next = (this.next + i + 1) % consumers.length;
        return candidate;
      }
    }
    return undefined;
  }
}
