import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@flr/event-store';
import type { ProjectionDefinition, ReadModelTx } from '../src';

/** A fresh folder for a read-model environment; `cleanup` removes it. */
export function tempDir(): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), 'flr-runtime-'));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Appends `count` events to `streams` round-robin, alternating types 'Counted' and 'Ignored' when asked. */
export async function appendEvents(
  store: EventStore,
  count: number,
  options: { streams?: readonly string[]; types?: readonly string[] } = {},
): Promise<bigint> {
  const streams = options.streams ?? ['person-1', 'person-2', 'contract-1'];
  const types = options.types ?? ['Counted'];
  let position = 0n;
  for (let i = 0; i < count; i++) {
    const stream = streams[i % streams.length]!;
    const type = types[i % types.length]!;
    ({ position } = await store.appendToStream(stream, [{ id: randomUUID(), type, data: { i } }]));
  }
  return position;
}

function increment(tx: ReadModelTx, key: string): void {
  tx.put(key, (tx.get<number>(key) ?? 0) + 1);
}

/**
 * Counts events in total and per stream category; `total` equals the number of events exactly
 * when no event was applied twice or skipped.
 */
export function counter(
  options: { version?: number; eventTypes?: string[]; weight?: number; name?: string } = {},
): ProjectionDefinition {
  const weight = options.weight ?? 1;
  return {
    name: options.name ?? 'counter',
    version: options.version ?? 1,
    ...(options.eventTypes ? { eventTypes: options.eventTypes } : {}),
    evolve(tx, event) {
      for (let i = 0; i < weight; i++) increment(tx, 'total');
      increment(tx, `stream:${event.stream.split('-')[0]}`);
      tx.put(['seen', event.position.toString()], event.type);
    },
  };
}
