import { rmSync } from 'node:fs';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { allMemoryProjections, allProjections, projectionsModuleUrl } from '@flr/projections';

/** Every projection the API registers, rebuilt from a log into a fresh folder, as an API or worker does. */
export interface RebuiltReadModels {
  readonly runtime: ProjectionRuntime;
  readonly store: EventStore;
  /** Wall-clock seconds from the runtime's start until every projection is ready. */
  readonly seconds: number;
  /** Events every copy read (each reads the whole log, unfiltered). */
  readonly events: number;
  /** Stops the runtime and closes the log (the folder stays). */
  close(): Promise<void>;
}

/**
 * Rebuilds every projection from `<logPath>` into `folder` (emptied first), as an API or a worker
 * starting on an empty read-model folder does; throws when they are not ready within two hours.
 */
export async function rebuildAllReadModels(
  logPath: string,
  folder: string,
  /** Called every `progressEveryMs` while the projections build, with each one's events so far. */
  progress?: (processed: ReadonlyMap<string, number>) => void,
  progressEveryMs = 60_000,
): Promise<RebuiltReadModels> {
  rmSync(folder, { recursive: true, force: true });
  const store = await openEmbeddedEventStore({ path: logPath });
  // The API's setting on the embedded store: the document projections' first copies build in one
  // thread (the log at least a million positions long), the in-memory models on this event loop.
  const runtime = new ProjectionRuntime({
    store,
    path: folder,
    batchSize: 20_000,
    rebuildThreads: { definitions: projectionsModuleUrl, eventLog: logPath },
  });
  for (const projection of allProjections) runtime.register(projection);
  for (const memory of allMemoryProjections) runtime.registerMemory(memory);
  const started = performance.now();
  const ticker = progress
    ? setInterval(
        () => progress(new Map(runtime.status().map((s) => [s.name, s.eventsProcessed]))),
        progressEveryMs,
      )
    : undefined;
  try {
    await runtime.start();
    if (!(await runtime.ready(7_200_000))) throw new Error('the read models did not finish within two hours');
  } finally {
    clearInterval(ticker);
  }
  const seconds = (performance.now() - started) / 1000;
  const events = Math.max(0, ...runtime.status().map((s) => s.eventsProcessed));
  return {
    runtime,
    store,
    seconds,
    events,
    async close() {
      await runtime.stop();
      await store.close();
    },
  };
}
