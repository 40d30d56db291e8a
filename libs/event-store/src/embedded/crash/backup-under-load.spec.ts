import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  backupEventStore,
  openEmbeddedEventStore,
  type RecordedEvent,
  verifyEventLog,
} from '@flr/event-store';
import { buildEventStoreForChild } from './build-for-child';

const here = fileURLToPath(new URL('.', import.meta.url));
const sourceRoot = resolve(here, '../..');
const projectRoot = resolve(sourceRoot, '../../..');

/** The appending child (append-until-killed.ts) and the positions it has acknowledged so far. */
function startWriter(
  script: string,
  dataDir: string,
): { child: ChildProcess; acks: bigint[]; until(n: number): Promise<void> } {
  const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acks: bigint[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [kind, , , position] = line.split(' ');
    if (kind !== 'ack') return;
    acks.push(BigInt(position!));
    for (const waiter of waiters.filter((w) => acks.length >= w.n)) waiter.resolve();
  });
  const until = (n: number) =>
    new Promise<void>((resolvePromise, reject) => {
      if (acks.length >= n) return resolvePromise();
      waiters.push({ n, resolve: resolvePromise });
      child.once('exit', (code, signal) => reject(new Error(`writer exited early: ${code ?? signal}`)));
    });
  return { child, acks, until };
}

async function readLog(path: string, upTo?: bigint): Promise<RecordedEvent[]> {
  const store = await openEmbeddedEventStore({ path });
  try {
    const log: RecordedEvent[] = [];
    for await (const event of store.readAll())
      if (upTo === undefined || event.position <= upTo) log.push(event);
    return log;
  } finally {
    await store.close();
  }
}

describe('an online backup of the embedded store', () => {
  let buildDir: string;
  let dir: string;
  beforeAll(async () => {
    buildDir = await buildEventStoreForChild(sourceRoot, projectRoot);
    dir = mkdtempSync(join(tmpdir(), 'flr-backup-'));
  });
  afterAll(() => {
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('taken while another process appends, equals the source up to its position and restores to a working store', async () => {
    const source = join(dir, 'source');
    const writer = startWriter(join(buildDir, 'embedded', 'crash', 'append-until-killed.js'), source);
    await writer.until(300);
    const backup = await backupEventStore(source, join(dir, 'backup'));
    const acksAtBackup = writer.acks.length;
    await writer.until(acksAtBackup + 200); // the writer was never blocked and keeps going
    writer.child.kill('SIGKILL');
    await new Promise((r) => writer.child.once('exit', r));

    expect(backup.problems).toEqual([]);
    const position = BigInt(backup.head);
    // Everything acknowledged before the copy started is in it; the source went on past it.
    expect(position).toBeGreaterThanOrEqual(writer.acks[299]!);
    expect(writer.acks.at(-1)!).toBeGreaterThan(position);
    const copied = await readLog(join(dir, 'backup'));
    expect(copied).toHaveLength(backup.head);
    expect(copied).toEqual(await readLog(source, position));
    expect((await verifyEventLog(source, backup.head)).checksum).toBe(backup.checksum);

    // The copy is a store of its own: a writer continues it after the backup's position.
    const restored = await openEmbeddedEventStore({ path: join(dir, 'backup') });
    try {
      const next = await restored.appendToStream('crash-0', [
        { id: '00000000-0000-4000-8000-000000000001', type: 'Appended', data: {} },
      ]);
      expect(next.position).toBe(position + 1n);
    } finally {
      await restored.close();
    }
  });

  it('refuses a target that already holds a store, and a source without one', async () => {
    const target = join(dir, 'twice');
    const store = await openEmbeddedEventStore({ path: join(dir, 'small') });
    await store.appendToStream('s-1', [{ id: '00000000-0000-4000-8000-000000000002', type: 'A', data: {} }]);
    await store.close();
    await backupEventStore(join(dir, 'small'), target);
    await expect(backupEventStore(join(dir, 'small'), target)).rejects.toThrow(
      'already holds an event store',
    );
    await expect(backupEventStore(join(dir, 'nothing'), join(dir, 'x'))).rejects.toThrow('No event store in');
  });
});

describe('verifying the log', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flr-verify-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names a missing position, a broken stream index and a stream state that disagrees with the log', async () => {
    const store = await openEmbeddedEventStore({ path: dir });
    for (let n = 0; n < 6; n++)
      await store.appendToStream(`s-${n % 2}`, [
        { id: `00000000-0000-4000-8000-00000000001${n}`, type: 'A', data: { n } },
      ]);
    await store.close();
    const sound = await verifyEventLog(dir);
    expect(sound).toMatchObject({ head: 6, events: 6, streams: 2, problems: [] });
    expect(sound.checksum).toMatch(/^[0-9a-f]{64}$/);

    const { openDatabases } = await import('../lmdb-env');
    const dbs = openDatabases(dir);
    await dbs.log.remove(3);
    await dbs.streamIndex.put(['s-1', 0], 5);
    await dbs.streams.put('s-0', { l: 7, t: 0, d: false, x: false });
    await dbs.env.close();
    const broken = await verifyEventLog(dir);
    expect(broken.problems).toEqual(
      expect.arrayContaining([
        'positions 3..3 are missing',
        'stream s-0: revision 2 at position 5 follows revision 0',
        'stream index: s-1@0 points at 5, the log has it at 2',
        'stream s-0: its state says revision 7, the log ends at 2',
      ]),
    );
    expect(broken.checksum).not.toBe(sound.checksum);
  });
});
