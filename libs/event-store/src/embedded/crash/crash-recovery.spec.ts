import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openEmbeddedEventStore, type RecordedEvent, StoreLockedError } from '@flr/event-store';
import { anEvent, SubscriptionProbe } from '@flr/event-store/testing';
import { buildEventStoreForChild } from './build-for-child';

const here = fileURLToPath(new URL('.', import.meta.url));
const sourceRoot = resolve(here, '../..');
const projectRoot = resolve(sourceRoot, '../../..');

interface Ack {
  stream: string;
  revision: bigint;
  position: bigint;
  id: string;
}

/** Starts the appending child and resolves once it has acknowledged `count` appends. */
function appendUntil(
  script: string,
  dataDir: string,
  count: number,
): Promise<{ child: ChildProcess; acks: Ack[] }> {
  const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acks: Ack[] = [];
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`child exited early: ${code ?? signal}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [kind, stream, revision, position, id] = line.split(' ');
      if (kind !== 'ack') return;
      acks.push({ stream: stream!, revision: BigInt(revision!), position: BigInt(position!), id: id! });
      if (acks.length === count) resolvePromise({ child, acks });
    });
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolvePromise());
    child.kill('SIGKILL');
  });
}

describe('embedded store across processes: crash recovery, one writer, readers', () => {
  let buildDir: string;
  let script: string;
  let dataDir: string;

  beforeAll(async () => {
    buildDir = await buildEventStoreForChild(sourceRoot, projectRoot);
    script = join(buildDir, 'embedded', 'crash', 'append-until-killed.js');
  });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'flr-crash-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

  it('loses no acknowledged append when the writing process is killed with SIGKILL, keeps the log gap-free and stays idempotent', async () => {
    const first = await appendUntil(script, dataDir, 300);
    await killHard(first.child);
    const second = await appendUntil(script, dataDir, 200); // a restart on the crashed data keeps appending
    await killHard(second.child);
    const acks = [...first.acks, ...second.acks];

    const store = await openEmbeddedEventStore({ path: dataDir });
    try {
      const log: RecordedEvent[] = [];
      for await (const event of store.readAll()) log.push(event);
      const byId = new Map(log.map((event) => [event.id, event]));
      for (const ack of acks) {
        expect(byId.get(ack.id)).toMatchObject({
          stream: ack.stream,
          revision: ack.revision,
          position: ack.position,
        });
      }
      // positions 1..n without gaps, and every stream's revisions 0..k without gaps
      expect(log.map((event) => event.position)).toEqual(log.map((_, i) => BigInt(i + 1)));
      const revisions = new Map<string, bigint>();
      for (const event of log) {
        expect(event.revision).toBe(revisions.get(event.stream) ?? 0n);
        revisions.set(event.stream, event.revision + 1n);
      }
      expect(await store.headPosition()).toBe(BigInt(log.length));
      // the id index is rebuilt from the log tail, so retries of acknowledged appends stay idempotent
      for (const ack of [acks[0]!, acks[250]!, acks.at(-1)!]) {
        const retry = await store.appendToStream(ack.stream, [{ id: ack.id, type: 'Appended', data: {} }]);
        expect(retry).toEqual({ nextExpectedRevision: ack.revision, position: ack.position });
      }
      expect(await store.headPosition()).toBe(BigInt(log.length));
    } finally {
      await store.close();
    }
  });

  it('refuses a second writer while the first process lives, and takes over after it was killed', async () => {
    const store = await openEmbeddedEventStore({ path: dataDir });
    try {
      const writer = await appendUntil(script, dataDir, 20);
      const refused = await store.appendToStream('crash-0', [anEvent()]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(StoreLockedError);
      expect(refused).toMatchObject({ holderPid: writer.child.pid });
      await killHard(writer.child);
      const streamHead = [...writer.acks].reverse().find((ack) => ack.stream === 'crash-0')!;
      const next = await store.appendToStream('crash-0', [anEvent()]);
      expect(next.nextExpectedRevision).toBeGreaterThan(streamHead.revision);
      expect(next.position).toBeGreaterThan(writer.acks.at(-1)!.position);
    } finally {
      await store.close();
    }
  });

  it('lets a reader in another process follow the writer live, every event once and in order', async () => {
    const store = await openEmbeddedEventStore({ path: dataDir });
    const probe = new SubscriptionProbe(store.subscribeToAll());
    try {
      await probe.until((messages) => messages.some((message) => message.kind === 'caughtUp'));
      const writer = await appendUntil(script, dataDir, 150);
      await probe.until(() => probe.events().length >= 150);
      await killHard(writer.child);
      const positions = probe.events().map((event) => event.position);
      expect(positions).toEqual(positions.map((_, i) => BigInt(i + 1)));
    } finally {
      await probe.stop();
      await store.close();
    }
  });
});
