import type { Position, RecordedEvent } from '@flr/event-store';
import { type Checkpoint, type InstanceRef, instanceId } from './storage';
import type { ProjectionFailure, ProjectionStatus } from './types';
import type { MemoryCopy } from './memory-copy';
import type { ProjectionWorker } from './worker';

/** Status of a running copy. */
export function workerStatus(worker: ProjectionWorker, head: Position): ProjectionStatus {
  return build(worker.ref, worker.role === 'active', worker.state, worker.checkpoint, head, worker.failure);
}

/** Status of an active copy that has no registered definition: it serves reads but does not advance. */
export function frozenStatus(ref: InstanceRef, checkpoint: Checkpoint, head: Position): ProjectionStatus {
  return build(ref, true, 'stopped', checkpoint, head, undefined);
}

function build(
  ref: InstanceRef,
  active: boolean,
  state: ProjectionStatus['state'],
  checkpoint: Checkpoint,
  head: Position,
  error: ProjectionStatus['error'],
): ProjectionStatus {
  const at = checkpoint.position ?? 0n;
  const top = head > at ? head : at;
  const status: ProjectionStatus = {
    name: ref.name,
    version: ref.version,
    generation: ref.generation,
    instance: instanceId(ref),
    active,
    state,
    checkpoint: checkpoint.position,
    head: top,
    lag: top - at,
    progress: top === 0n ? 1 : Number(at) / Number(top),
    eventsApplied: checkpoint.applied,
    eventsProcessed: checkpoint.processed,
  };
  return error ? { ...status, error } : status;
}

/** Status of an in-memory projection's copy. */
export function memoryStatus(copy: MemoryCopy, head: Position): ProjectionStatus {
  return build(copy.ref, copy.role === 'active', copy.state, copy.checkpoint, head, copy.failure);
}

/** What a copy reports when `evolve` (or its subscription, event null) failed. */
export function failureOf(event: RecordedEvent | null, error: unknown): ProjectionFailure {
  return {
    position: event?.position ?? null,
    eventType: event?.type ?? null,
    message: error instanceof Error ? error.message : String(error),
  };
}
