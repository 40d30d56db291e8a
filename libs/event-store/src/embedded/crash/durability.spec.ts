import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  openEmbeddedEventStore,
  type RecordedEvent,
  StoreSyncFailedError,
  verifyEventLog,
} from '@flr/event-store';
import { fdatasyncDataFile, type SyncDataFile } from '../durability';
import { buildEventStoreForChild } from './build-for-child';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const sourceRoot = resolve(here, '../..');
const projectRoot = resolve(sourceRoot, '../../..');

/** A disk whose next syncs fail with EIO while `failing` is set (the fault a power-loss check injects). */
function faultyDisk(): { sync: SyncDataFile; failing: boolean; calls: number } {
  const disk = {
    failing: false,
    calls: 0,
    sync: async (fd: number) => {
      disk.calls++;
      if (disk.failing) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      await fdatasyncDataFile(fd);
    },
  };
  return disk;
}

async function readLog(path: string): Promise<RecordedEvent[]> {
  const store = await openEmbeddedEventStore({ path });
  try {
    const log: RecordedEvent[] = [];
    for await (const event of store.readAll()) log.push(event);
    return log;
  } finally {
    await store.close();
  }
}

/** One system call of the traced child on the data file: a write at an offset, or a sync. */
interface DataFileCall {
  readonly thread: string;
  readonly kind: 'write' | 'sync';
  readonly offset: number;
}

/** Parses `strace -f -y` lines for calls on `<dir>/data.mdb` (pwrite64/pwritev offsets are the last argument). */
function dataFileCalls(trace: string, dataFile: string): DataFileCall[] {
  const calls: DataFileCall[] = [];
  for (const line of trace.split('\n')) {
    const match = /^(\d+)\s+(pwrite64|pwritev2?|fdatasync|fsync)\(\d+<([^>]*)>(.*)\)\s+=\s+(-?\d+)/.exec(
      line,
    );
    if (!match || match[3] !== dataFile) continue;
    const [, thread, call, , rest, result] = match;
    if (Number(result) < 0) continue;
    if (call === 'fdatasync' || call === 'fsync') calls.push({ thread: thread!, kind: 'sync', offset: -1 });
    else {
      const args = rest!.split(',');
      const offset = Number(call === 'pwritev2' ? args.at(-2) : args.at(-1));
      calls.push({ thread: thread!, kind: 'write', offset });
    }
  }
  return calls;
}

describe('the embedded store on power loss', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'flr-durability-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses the append whose sync failed and every later one, and on reopen holds every acknowledged append intact', async () => {
    const disk = faultyDisk();
    const store = await openEmbeddedEventStore({ path: dataDir, syncDataFile: disk.sync });
    const acknowledged = [];
    for (let n = 0; n < 20; n++)
      acknowledged.push(
        await store.appendToStream(`person-${n % 4}`, [{ id: randomUUID(), type: 'Appended', data: { n } }]),
      );
    disk.failing = true;
    const failed = await store
      .appendToStream('person-0', [{ id: randomUUID(), type: 'Appended', data: { n: 'unsynced' } }])
      .catch((e) => e);
    expect(failed).toBeInstanceOf(StoreSyncFailedError);
    expect((failed as Error).message).toContain('could not sync');
    disk.failing = false;
    const callsBefore = disk.calls;
    const later = await store
      .appendToStream('person-9', [{ id: randomUUID(), type: 'Appended', data: { n: 'after' } }])
      .catch((e) => e);
    // A later sync that succeeds would not prove the dropped pages reached the disk: no more writes.
    expect(later).toBeInstanceOf(StoreSyncFailedError);
    expect(disk.calls).toBe(callsBefore);
    await store.close();

    const log = await readLog(dataDir);
    const verification = await verifyEventLog(dataDir);
    expect(verification.problems).toEqual([]);
    for (const [n, ack] of acknowledged.entries()) {
      const event = log.find((e) => e.position === ack.position);
      expect(event).toMatchObject({
        stream: `person-${n % 4}`,
        revision: ack.nextExpectedRevision,
        data: { n },
      });
    }
    expect(log.some((e) => e.stream === 'person-9')).toBe(false);
    // A restarted process writes again, after the last event on disk.
    const reopened = await openEmbeddedEventStore({ path: dataDir });
    try {
      const next = await reopened.appendToStream('person-9', [
        { id: randomUUID(), type: 'Appended', data: { n: 'restart' } },
      ]);
      expect(next.position).toBe(BigInt(log.length + 1));
    } finally {
      await reopened.close();
    }
  });

  describe('traced at the system-call level', () => {
    let buildDir: string;
    beforeAll(async () => {
      buildDir = await buildEventStoreForChild(sourceRoot, projectRoot);
    });
    afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

    it('syncs a commit’s data pages before it writes the meta page, and the meta page before it acknowledges', async () => {
      const traceFile = join(dataDir, 'strace.txt');
      const storeDir = join(dataDir, 'store');
      const script = join(buildDir, 'embedded', 'crash', 'append-some.js');
      // strace is a test dependency (apt package strace); without it this test fails here, it never skips.
      await run('strace', [
        '-f',
        '-qq',
        '-y',
        '-s',
        '0',
        '-e',
        'trace=pwrite64,pwritev,pwritev2,fdatasync,fsync',
        '-o',
        traceFile,
        process.execPath,
        script,
        storeDir,
        '12',
      ]);
      const calls = dataFileCalls(readFileSync(traceFile, 'utf8'), join(storeDir, 'data.mdb'));
      // LMDB's two meta pages are the file's first two pages; every other write is a data page.
      const pageSize = 4096;
      let dataWritesSinceSync = 0;
      let metaWrites = 0;
      const unsyncedMetaWrites: number[] = [];
      for (const call of calls) {
        if (call.kind === 'sync') dataWritesSinceSync = 0;
        else if (call.offset >= 2 * pageSize) dataWritesSinceSync++;
        else {
          metaWrites++;
          if (dataWritesSinceSync > 0) unsyncedMetaWrites.push(metaWrites);
        }
      }
      expect(metaWrites).toBeGreaterThanOrEqual(12);
      expect(unsyncedMetaWrites).toEqual([]);
      // The last call on the file is a sync: the last commit's meta page is on disk before close.
      expect(calls.at(-1)?.kind).toBe('sync');
    });
  });
});
