import type { RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import type { ProjectionDefinition } from '../shared/read-model';
import type { Readers } from '../shared/readers';
import { MemoryReadModel } from './memory-read-model';

/**
 * A scenario's event log for read-side tests: events get increasing positions (step 10, like the
 * in-memory store) and a registeredAt (record time) that defaults to noon UTC of a given day.
 */
export class History {
  readonly events: RecordedEvent[] = [];
  private position = 0n;

  add<E extends RegisterEvent>(type: E['type'], data: E['data'], registeredAt: string): this {
    this.position += 10n;
    const at = registeredAt.length === 10 ? `${registeredAt}T12:00:00Z` : registeredAt;
    this.events.push({
      id: `00000000-0000-4000-8000-${this.position.toString().padStart(12, '0')}`,
      type,
      data,
      metadata: { actor: 'test', correlationId: 'c', causationId: 'c', registeredAt: at },
      stream: streamOf(type, data as Record<string, unknown>),
      revision: 0n,
      position: this.position,
      recordedAt: new Date(at),
      isJson: true,
    });
    return this;
  }
}

function streamOf(type: string, data: Record<string, unknown>): string {
  if (typeof data.personId === 'string' && !type.startsWith('Contract')) return `person-${data.personId}`;
  if (typeof data.contractId === 'string') return `contract-${data.contractId}`;
  if (typeof data.hpr === 'number') return `gp-${data.hpr}`;
  return 'other';
}

/** Folds events into a fresh in-memory read model per projection, honouring `eventTypes`. */
export function fold(
  defs: readonly ProjectionDefinition[],
  events: readonly RecordedEvent[],
): Map<string, MemoryReadModel> {
  const models = new Map<string, MemoryReadModel>();
  for (const def of defs) {
    const model = new MemoryReadModel();
    for (const e of events) if (!def.eventTypes || def.eventTypes.includes(e.type)) def.evolve(model, e);
    models.set(def.name, model);
  }
  return models;
}

export function readersOf(models: Map<string, MemoryReadModel>): Readers {
  return {
    linkHistory: models.get('link-history')!,
    directory: models.get('directory')!,
    waitingLists: models.get('waiting-lists')!,
  };
}
