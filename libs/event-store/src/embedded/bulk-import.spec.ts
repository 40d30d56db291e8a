import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedEventStore, openEmbeddedEventStoreImpl } from '@flr/event-store';

interface Input {
  stream: string;
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

function makeInput(count: number, streams: number): Input[] {
  return Array.from({ length: count }, (_, i) => ({
    stream: `bulk-${i % streams}`,
    id: randomUUID(),
    type: 'Imported',
    data: { n: i },
    metadata: {},
  }));
}

describe('embedded bulk import', () => {
  let dir: string;
  let store: EmbeddedEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flr-bulk-'));
    store = await openEmbeddedEventStoreImpl({
      path: dir,
      idIndexSweepThreshold: 50,
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes many streams per batch with revisions in input order', async () => {
    const input = makeInput(250, 7);
    const result = await store.bulkImport(input, { batchSize: 40 });
    expect(result).toEqual({ events: 250, batches: 7 });
    const all = [...store.readAll()];
    expect(all.map((event) => event.id)).toEqual(input.map((event) => event.id));
    const stream3 = [...store.readStream('bulk-3')];
    expect(stream3.map((event) => event.data)).toEqual(
      input.filter((e) => e.stream === 'bulk-3').map((e) => e.data),
    );
    expect(stream3.map((event) => event.revision)).toEqual(stream3.map((_, i) => BigInt(i)));
  });

  it('skips already imported events when the same input is imported again (resume)', async () => {
    const input = makeInput(300, 5);
    await store.bulkImport(input.slice(0, 130), { batchSize: 25 });
    async function* again() {
      yield* input;
    }
    await store.bulkImport(again(), { batchSize: 25 });
    const all = [...store.readAll()];
    expect(all).toHaveLength(300);
    expect(all.map((event) => event.id)).toEqual(input.map((event) => event.id));
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(store.bulkImport([], { batchSize: 0 })).rejects.toThrow(
      /batchSize must be a positive integer/,
    );
  });
});
