import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type EventStore,
  openEmbeddedEventStore,
  openEsdbEventStore,
  type RecordedEvent,
  type Subscription,
} from '@flr/event-store';
import { type EmbeddedEsdbTestServer, startEmbeddedEsdbTestServer } from '@flr/esdb-test-server';
import { ProjectionRuntime } from '@flr/projection-runtime';
import {
  DIRECTORY,
  directoryProjection,
  LINK_INDEX,
  type LinkIndex,
  linkIndexProjection,
} from '@flr/projections';
import { generateHistory } from '@flr/testing';
import { ReplicaEventStore } from './replica-store';
import { LocalReplica, SOURCE_POSITION } from './replicator';

const ROOT = resolve('.');

/** The EventStoreDB adapter, counting every event it delivers from the server (reads and subscriptions). */
function counting(store: EventStore): { store: EventStore; delivered: () => number } {
  let delivered = 0;
  const count = <T>(iterable: AsyncIterable<T>, isEvent: (item: T) => boolean): AsyncIterable<T> => ({
    async *[Symbol.asyncIterator]() {
      for await (const item of iterable) {
        if (isEvent(item)) delivered++;
        yield item;
      }
    },
  });
  const proxy: EventStore = Object.create(store);
  proxy.readAll = (options) => count(store.readAll(options), () => true);
  proxy.readStream = (stream, options) => count(store.readStream(stream, options), () => true);
  proxy.subscribeToAll = (options) => {
    const inner = store.subscribeToAll(options);
    const counted = count(inner, (m) => m.kind === 'event');
    return {
      [Symbol.asyncIterator]: () => counted[Symbol.asyncIterator](),
      unsubscribe: () => inner.unsubscribe(),
    } as Subscription;
  };
  return { store: proxy, delivered: () => delivered };
}

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

const waitUntil = async (met: () => boolean, ms = 30_000) => {
  for (const until = Date.now() + ms; !met() && Date.now() < until; )
    await new Promise((r) => setTimeout(r, 20));
  return met();
};

describe('the worker builds from a local replica of EventStoreDB', () => {
  let esdb: EmbeddedEsdbTestServer;
  let direct: EventStore;
  let dir: string;

  beforeAll(async () => {
    esdb = await startEmbeddedEsdbTestServer();
    direct = await openEsdbEventStore(esdb.connectionString);
    for (const e of generateHistory({ persons: 300, seed: 'replica', to: '2003-01-01' }))
      await direct.appendToStream(e.stream, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }]);
    dir = mkdtempSync(join(tmpdir(), 'read-side-replica-'));
  });

  afterAll(async () => {
    await direct.close();
    await esdb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('projections catch up and rebuild from the replica: a rebuild reads no events over gRPC', async () => {
    const source = counting(await openEsdbEventStore(esdb.connectionString));
    const local = await openEmbeddedEventStore({ path: join(dir, 'rebuild-replica') });
    const replica = new LocalReplica(source.store, local);
    await replica.start();
    const head = await direct.headPosition();
    expect(await waitUntil(() => replica.caughtUp && replica.reached === head)).toBe(true);
    const runtime = new ProjectionRuntime({
      store: new ReplicaEventStore(source.store, local),
      path: join(dir, 'rm'),
    });
    runtime.register(directoryProjection);
    runtime.registerMemory(linkIndexProjection);
    await runtime.start();
    expect(await runtime.waitFor(head, 30_000)).toBe(true);
    // Checkpoints stay in EventStoreDB's position space.
    expect(runtime.status().every((s) => s.checkpoint === head)).toBe(true);
    const copied = source.delivered();
    const persons = runtime.memory<LinkIndex>(LINK_INDEX).personCount;
    await runtime.rebuild(DIRECTORY);
    await runtime.rebuild(LINK_INDEX);
    expect(runtime.status().map((s) => [s.name, s.generation, s.checkpoint])).toEqual(
      expect.arrayContaining([
        [DIRECTORY, 1, head],
        [LINK_INDEX, 1, head],
      ]),
    );
    expect(runtime.memory<LinkIndex>(LINK_INDEX).personCount).toBe(persons);
    expect(source.delivered()).toBe(copied); // nothing more came over gRPC
    expect(copied).toBe((await collect(direct.readAll())).filter((e) => !e.stream.startsWith('$')).length);
    await runtime.stop();
    await replica.stop();
    await local.close();
    await source.store.close();
  });

  it('survives kill -9 while copying: after a restart it holds every event once, in order', async () => {
    const compiled = compileForChild();
    const path = join(dir, 'killed-replica');
    const child: ChildProcess = spawn(
      process.execPath,
      [
        join(ROOT, 'apps/registry-worker/src/replica/kill9-child.mjs'),
        compiled,
        esdb.connectionString,
        path,
        '300',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolveTold, reject) => {
        child.stdout!.once('data', () => resolveTold());
        child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const local = await openEmbeddedEventStore({ path });
      const before = (await collect(local.readAll())).length;
      expect(before).toBeGreaterThanOrEqual(200);
      const source = await openEsdbEventStore(esdb.connectionString);
      const replica = new LocalReplica(source, local);
      await replica.start();
      const head = await direct.headPosition();
      expect(await waitUntil(() => replica.caughtUp && replica.reached === head)).toBe(true);
      await replica.stop();
      const expected = (await collect(direct.readAll())).filter((e) => !e.stream.startsWith('$'));
      const copied = await collect(local.readAll());
      expect(before).toBeLessThan(expected.length);
      expect(copied.map((e) => [e.id, e.stream, e.type, e.metadata[SOURCE_POSITION]])).toEqual(
        expected.map((e) => [e.id, e.stream, e.type, e.position.toString()]),
      );
      await local.close();
      await source.close();
    } finally {
      child.kill('SIGKILL');
      rmSync(compiled, { recursive: true, force: true });
    }
  });
});

/** Compiles the event store adapters and the replicator to plain ESM the child can import. */
function compileForChild(): string {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'read-side-replica-'));
  const sources = ['apps/registry-worker/src/replica', 'libs/event-store/src'];
  const swc = join(ROOT, 'node_modules', '.bin', 'swc');
  const args = [...sources, '-d', out, '--config-file', '.swcrc', '--ignore', '**/*.spec.ts', '--quiet'];
  const result = spawnSync(swc, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`swc failed: ${result.stderr}`);
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  return out;
}
