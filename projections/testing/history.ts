import type { RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import { evolveLinkIndex, LINK_INDEX_EVENT_TYPES } from '../link-index/evolve';
import { LinkIndex } from '../link-index/model';
import { PERSON_REGISTER_EVENT_TYPES, PersonRegister } from '../person-register/model';
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

/**
 * The read models of a test: one in-memory read model per LMDB projection folded, and the in-memory
 * link index and person register every query reads beside them (`evolve` feeds all of them one more event).
 */
export class FoldedModels extends Map<string, MemoryReadModel> {
  readonly linkIndex = new LinkIndex();
  readonly personRegister = new PersonRegister();

  constructor(readonly defs: readonly ProjectionDefinition[]) {
    super();
    for (const def of defs) this.set(def.name, new MemoryReadModel());
  }

  evolve(e: RecordedEvent): void {
    for (const def of this.defs)
      if (!def.eventTypes || def.eventTypes.includes(e.type)) def.evolve(this.get(def.name)!, e);
    if (LINK_INDEX_TYPES.has(e.type)) evolveLinkIndex(this.linkIndex, e);
    if (PERSON_REGISTER_TYPES.has(e.type)) this.personRegister.evolve(e);
  }
}

const LINK_INDEX_TYPES: ReadonlySet<string> = new Set(LINK_INDEX_EVENT_TYPES);
const PERSON_REGISTER_TYPES: ReadonlySet<string> = new Set(PERSON_REGISTER_EVENT_TYPES);

/** Folds events into a fresh in-memory read model per projection (honouring `eventTypes`) and the in-memory models. */
export function fold(defs: readonly ProjectionDefinition[], events: readonly RecordedEvent[]): FoldedModels {
  const models = new FoldedModels(defs);
  for (const e of events) models.evolve(e);
  return models;
}

export function readersOf(models: FoldedModels): Readers {
  return {
    directory: models.get('directory')!,
    waitingLists: models.get('waiting-lists')!,
    linkIndex: models.linkIndex,
    personRegister: models.personRegister,
  };
}
