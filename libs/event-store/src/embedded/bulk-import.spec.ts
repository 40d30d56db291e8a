import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BulkImportEvent,
  type EmbeddedEventStore,
  InvalidEventError,
  MaxAppendSizeExceededError,
  openEmbeddedEventStoreImpl,
  StreamDeletedError,
  StreamNotFoundError,
} from '@flr/event-store';

/** Ids in increasing order, like the generator's (one range read answers a batch's look-ups). */
const orderedId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function makeInput(count: number, streams: number, id: (n: number) => string = () => randomUUID()) {
  return Array.from(
    { length: count },
    (_, i): BulkImportEvent => ({
      stream: `bulk-${i % streams}`,
      id: id(i),
      type: 'Imported',
      data: { n: i },
      metadata: { source: 'test' },
    }),
  );
}

describe('embedded bulk import', () => {
  let dir: string;
  let store: EmbeddedEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flr-bulk-'));
    store = await openEmbeddedEventStoreImpl({ path: dir, idIndexSweepThreshold: 50 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = () => [...store.readAll()].map((event) => event.id);

  it('writes many streams per batch with revisions in input order', async () => {
    const input = makeInput(250, 7);
    const result = await store.bulkImport(input, { batchSize: 40 });
    expect(result).toEqual({ events: 250, written: 250, batches: 7 });
    expect(ids()).toEqual(input.map((event) => event.id));
    const stream3 = [...store.readStream('bulk-3')];
    expect(stream3.map((event) => event.data)).toEqual(
      input.filter((e) => e.stream === 'bulk-3').map((e) => e.data),
    );
    expect(stream3.map((event) => event.revision)).toEqual(stream3.map((_, i) => BigInt(i)));
    expect(stream3[0]!.metadata).toEqual({ source: 'test' });
  });

  it('imports into a store opened for random access, which a store opened as usual then reads', async () => {
    const path = mkdtempSync(join(tmpdir(), 'flr-bulk-random-'));
    try {
      const importer = await openEmbeddedEventStoreImpl({ path, randomAccess: true });
      const input = makeInput(120, 5, orderedId);
      expect(await importer.bulkImport(input, { batchSize: 25 })).toEqual({
        events: 120,
        written: 120,
        batches: 5,
      });
      await importer.close();
      const reader = await openEmbeddedEventStoreImpl({ path });
      expect([...reader.readAll()].map((event) => event.id)).toEqual(input.map((event) => event.id));
      expect([...reader.readStream('bulk-2')].map((event) => event.data)).toEqual(
        input.filter((e) => e.stream === 'bulk-2').map((e) => e.data),
      );
      await reader.close();
    } finally {
      rmSync(path, { recursive: true, force: true });
    }
  });

  it.each([
    ['random ids (looked up one by one)', () => randomUUID()],
    ['ordered ids (one range read per batch)', orderedId],
  ])('skips already imported events when the same input is imported again: %s', async (_, id) => {
    const input = makeInput(300, 5, id);
    await store.bulkImport(input.slice(0, 130), { batchSize: 25 });
    async function* again() {
      yield* input;
    }
    const result = await store.bulkImport(again(), { batchSize: 25 });
    expect(result).toMatchObject({ events: 300, written: 170 });
    expect(ids()).toEqual(input.map((event) => event.id));
    const revisions = [...store.readStream('bulk-4')].map((event) => event.revision);
    expect(revisions).toEqual(revisions.map((_, i) => BigInt(i)));
  });

  it('skips an id an ordinary append already wrote to the stream, and writes it to another stream as an append with any would', async () => {
    const id = orderedId(7);
    await store.appendToStream('bulk-0', [{ id, type: 'Appended', data: {} }]);
    const result = await store.bulkImport([
      { stream: 'bulk-0', id, type: 'Imported', data: {} },
      { stream: 'bulk-1', id, type: 'Imported', data: {} },
      { stream: 'bulk-1', id, type: 'Imported', data: {} },
    ]);
    expect(result).toMatchObject({ events: 3, written: 1 });
    expect([...store.readAll()].map((event) => [event.stream, event.type])).toEqual([
      ['bulk-0', 'Appended'],
      ['bulk-1', 'Imported'],
    ]);
    // and the other way round: an append retried after the import is idempotent
    const retry = await store.appendToStream('bulk-1', [{ id, type: 'Imported', data: {} }]);
    expect(retry).toEqual({ nextExpectedRevision: 0n, position: 2n });
  });

  it('keeps exact idempotency for ids in increasing order, below, among and above ids already written', async () => {
    // An id above the batch (indexed by the sweep at 50 ids), one inside it (not yet swept), none below.
    await store.bulkImport(makeInput(60, 3, (n) => orderedId(1000 + n)));
    await store.appendToStream('bulk-0', [{ id: orderedId(20), type: 'Appended', data: {} }]);
    const input = makeInput(40, 5, (n) => orderedId(n));
    const first = await store.bulkImport(input, { batchSize: 10 });
    expect(first).toEqual({ events: 40, written: 39, batches: 4 });
    // A second run writes nothing; the ids sit before the earlier ones in the index, and are found there.
    expect(await store.bulkImport(input, { batchSize: 10 })).toMatchObject({ written: 0 });
    expect(await store.bulkImport(makeInput(60, 3, (n) => orderedId(1000 + n)))).toMatchObject({
      written: 0,
    });
    const retry = await store.appendToStream('bulk-1', [
      { id: orderedId(1), type: 'Imported', data: { n: 1 } },
    ]);
    expect(retry.position).toBe(BigInt(60 + 1 + 2));
    expect([...store.readAll()]).toHaveLength(60 + 1 + 39);
  });

  it('continues the revisions of existing streams and undeletes a soft-deleted one', async () => {
    await store.appendToStream('bulk-0', [{ id: randomUUID(), type: 'Appended', data: {} }]);
    await store.appendToStream('bulk-1', [{ id: randomUUID(), type: 'Appended', data: {} }]);
    await store.deleteStream('bulk-1');
    await store.bulkImport(makeInput(4, 2));
    expect([...store.readStream('bulk-0')].map((event) => event.revision)).toEqual([0n, 1n, 2n]);
    expect([...store.readStream('bulk-1')].map((event) => event.revision)).toEqual([1n, 2n]);
    const next = await store.appendToStream('bulk-1', [{ id: randomUUID(), type: 'Appended', data: {} }], {
      expectedRevision: 2n,
    });
    expect(next.nextExpectedRevision).toBe(3n);
  });

  it('stops at an event for a tombstoned stream: earlier batches stay, its own batch writes nothing', async () => {
    await store.tombstoneStream('gone');
    const input = makeInput(30, 3, orderedId);
    const bad = { stream: 'gone', id: randomUUID(), type: 'Imported', data: {} };
    const error = await store
      .bulkImport([...input.slice(0, 25), bad, ...input.slice(25)], { batchSize: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamDeletedError);
    expect(ids()).toEqual(input.slice(0, 20).map((event) => event.id));
    expect(await store.headPosition()).toBe(20n);
  });

  it('refuses an invalid event with the reason, before its batch is written', async () => {
    const input = makeInput(5, 1, orderedId);
    const error = await store
      .bulkImport([...input, { stream: 'bulk-0', id: 'not-a-uuid', type: 'Imported', data: {} }], {
        batchSize: 100,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/valid uuid/);
    expect(await store.headPosition()).toBe(0n);
  });

  it('refuses an event whose data is over the append size, and only such an event, however its text is made', async () => {
    const path = mkdtempSync(join(tmpdir(), 'flr-bulk-size-'));
    const small = await openEmbeddedEventStoreImpl({ path, maxAppendSize: 100 });
    try {
      // 60 ASCII characters count 62 bytes; 40 two-byte letters count 82; both fit under 100.
      const fits = [
        { stream: 's', id: orderedId(1), type: 'T', data: { t: 'a'.repeat(60) } },
        { stream: 's', id: orderedId(2), type: 'T', data: { t: 'ø'.repeat(40) } },
      ];
      expect(await small.bulkImport(fits)).toMatchObject({ written: 2 });
      // 50 two-byte letters: 108 bytes, over.
      const over = [{ stream: 's', id: orderedId(3), type: 'T', data: { t: 'ø'.repeat(50) } }];
      await expect(small.bulkImport(over)).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
      expect([...small.readAll()]).toHaveLength(2);
    } finally {
      await small.close();
      rmSync(path, { recursive: true, force: true });
    }
  });

  it('reports progress after each committed batch', async () => {
    const seen: number[] = [];
    await store.bulkImport(makeInput(95, 3, orderedId), {
      batchSize: 30,
      onBatch: (progress) => seen.push(progress.events),
    });
    expect(seen).toEqual([30, 60, 90, 95]);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(store.bulkImport([], { batchSize: 0 })).rejects.toThrow(
      /batchSize must be a positive integer/,
    );
  });

  describe('stream index held back between merges', () => {
    const revisionsOf = (stream: string) => [...store.readStream(stream)].map((event) => event.revision);
    const positionsOf = (stream: string) => [...store.readStream(stream)].map((event) => event.position);
    const readableCount = (stream: string) => {
      try {
        return revisionsOf(stream).length;
      } catch (error) {
        if (error instanceof StreamNotFoundError) return 0;
        throw error;
      }
    };
    const allPositionsOf = (stream: string) =>
      [...store.readAll()].filter((event) => event.stream === stream).map((event) => event.position);

    it('lags stream reads by at most the merge interval during the import and is complete when it returns', async () => {
      const input = makeInput(200, 4, orderedId);
      const seenDuring: number[] = [];
      await store.bulkImport(input, {
        batchSize: 20,
        indexMergeEvery: 70,
        onBatch: (progress) => seenDuring.push(readableCount('bulk-2') - Math.floor(progress.events / 4)),
      });
      // Behind while held back, never by more than the interval (plus the batch that crossed it).
      expect(Math.min(...seenDuring)).toBeLessThan(0);
      expect(Math.min(...seenDuring)).toBeGreaterThanOrEqual(-Math.ceil((70 + 20) / 4));
      expect(revisionsOf('bulk-2')).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)));
      expect(positionsOf('bulk-2')).toEqual(allPositionsOf('bulk-2'));
    });

    it('merges before an ordinary append or delete decides, so revisions and expected revisions hold', async () => {
      const input = makeInput(90, 3, orderedId);
      let appended: Promise<unknown> | null = null;
      let deleted: Promise<unknown> | null = null;
      await store.bulkImport(input, {
        batchSize: 30,
        indexMergeEvery: 1_000,
        onBatch: (progress) => {
          if (progress.events !== 30) return;
          // 10 events of bulk-0 and of bulk-1 are held back now.
          appended = store.appendToStream('bulk-0', [{ id: randomUUID(), type: 'Appended', data: {} }], {
            expectedRevision: 9n,
          });
          deleted = store.deleteStream('bulk-1', { expectedRevision: 9n });
        },
      });
      expect(await appended).toMatchObject({ nextExpectedRevision: 10n });
      await deleted;
      expect(revisionsOf('bulk-0')).toEqual(Array.from({ length: 31 }, (_, i) => BigInt(i)));
      expect(positionsOf('bulk-0')).toEqual(allPositionsOf('bulk-0'));
      // The import's later events of bulk-1 undeleted it, after the delete at revision 9.
      expect(revisionsOf('bulk-1')).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i + 10)));
    });
  });
});

describe('when a bulk import merges what it held back', () => {
  it('merges at a quarter of the log, never under 2 M nor over 8 M held-back events', async () => {
    const { streamIndexMergeThreshold } = await import('./stream-buffer');
    expect(streamIndexMergeThreshold(0)).toBe(2_000_000);
    expect(streamIndexMergeThreshold(8_000_000)).toBe(2_000_000);
    expect(streamIndexMergeThreshold(20_000_001)).toBe(5_000_000);
    expect(streamIndexMergeThreshold(58_616_337)).toBe(8_000_000);
  });
});
