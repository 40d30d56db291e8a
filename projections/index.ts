/**
 * @flr/projections: the read side. One folder per read model (pure evolve + queries, versioned);
 * `allProjections` is what the API registers into the projection runtime.
 */
import { directoryProjection } from './directory/definition';
import { linkIndexProjection } from './link-index/definition';
import { personRegisterProjection } from './person-register/definition';
import { publicEventsProjection } from './public-events/definition';
import type { MemoryProjectionDefinition, ProjectionDefinition } from './shared/read-model';
import { waitingListsProjection } from './waiting-lists/waiting-lists';

export * from './capacity/capacity';
export * from './capitation/capitation';
export * from './capitation/rules';
export * from './directory/contract-view';
export * from './directory/definition';
export * from './link-index/index';
export * from './lookups/directory-search';
export * from './lookups/person-gp';
export * from './municipality-money/capitation';
export * from './person-register/index';
export * from './public-events/definition';
export {
  keyAfter,
  PUBLIC_EVENT_TYPES,
  type PublicEventType,
  type StoredPublicEvent,
} from './public-events/model';
export * from './shared/dates';
export * from './shared/read-model';
export * from './shared/readers';
export * from './shared/record-time';
export * from './waiting-lists/waiting-lists';

export const allProjections: readonly ProjectionDefinition[] = [
  directoryProjection,
  waitingListsProjection,
  publicEventsProjection,
];

/**
 * This module's URL: the projection runtime's rebuild threads import the definitions from it
 * (`rebuildThreads.definitions`), since functions cannot be sent to a thread.
 */
export const projectionsModuleUrl: string = import.meta.url;

/** The in-memory projections the API registers beside them (`runtime.registerMemory`). */
export const allMemoryProjections: readonly MemoryProjectionDefinition<unknown>[] = [
  linkIndexProjection as MemoryProjectionDefinition<unknown>,
  personRegisterProjection as MemoryProjectionDefinition<unknown>,
];
