/**
 * The read side over an embedded event log built once from the synthetic generator: the log, the
 * runtime with the projections the query bench needs, and the sample of nins and contracts.
 * Used by bench-queries (in-process figures) and bench-queries-server (the HTTP figures).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import {
  DIRECTORY,
  directoryProjection,
  type LinkIndex,
  LINK_INDEX,
  linkIndexProjection,
  type PersonRegister,
  type Readers,
} from '@flr/projections';
import { generateHistory } from '@flr/testing';

export interface BenchSample {
  nins: string[];
  contracts: string[];
  events: number;
}

const IN_FLIGHT = 4_000;

/** Appends the generated history to the log at `dir/log` once per persons count; later runs reuse it. */
export async function buildLogOnce(dir: string, persons: number): Promise<BenchSample> {
  const samplePath = join(dir, `sample-${persons}.json`);
  if (existsSync(samplePath)) return JSON.parse(readFileSync(samplePath, 'utf8')) as BenchSample;
  mkdirSync(dir, { recursive: true });
  const store = await openEmbeddedEventStore({ path: join(dir, 'log') });
  const nins: string[] = [];
  const contracts = new Set<string>();
  const started = performance.now();
  let events = 0;
  // Appends are queued in submission order by the single writer, so the log keeps the generator's
  // order while many appends share each commit.
  const inFlight: Promise<unknown>[] = [];
  for (const e of generateHistory({ persons, seed: 'bench-queries' })) {
    if (e.type === 'PersonRegistered') nins.push(e.data.nin);
    if (e.type === 'ContractCreated') contracts.add(e.data.contractId);
    inFlight.push(
      store.appendToStream(e.stream, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }]),
    );
    events++;
    if (inFlight.length >= IN_FLIGHT) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  await store.close();
  console.log(`log_events=${events}`);
  console.log(`log_build_seconds=${((performance.now() - started) / 1000).toFixed(1)}`);
  const sample: BenchSample = { nins, contracts: [...contracts], events };
  writeFileSync(samplePath, JSON.stringify(sample));
  return sample;
}

export interface BenchReadSide {
  store: EventStore;
  runtime: ProjectionRuntime;
  readers: Readers;
  close(): Promise<void>;
}

/** The runtime over the log with directory (doctor periods) and the link index, caught up. */
export async function openReadSide(
  dir: string,
  readModels = join(dir, 'readmodels'),
): Promise<BenchReadSide> {
  const store = await openEmbeddedEventStore({ path: join(dir, 'log') });
  const runtime = new ProjectionRuntime({ store, path: readModels, batchSize: 20_000 });
  runtime.register(directoryProjection);
  runtime.registerMemory(linkIndexProjection);
  await runtime.start();
  if (!(await runtime.ready(3_600_000))) throw new Error('read side did not catch up within an hour');
  const readers: Readers = {
    directory: runtime.reader(DIRECTORY),
    waitingLists: { get: () => undefined, range: () => [] },
    get linkIndex() {
      return runtime.memory<LinkIndex>(LINK_INDEX);
    },
    get personRegister(): PersonRegister {
      throw new Error('the query bench does not run the person register');
    },
  };
  return {
    store,
    runtime,
    readers,
    async close() {
      await runtime.stop();
      await store.close();
    },
  };
}
