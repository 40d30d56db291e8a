import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSnapshot, snapshotPath, writeSnapshot } from './memory-snapshot';

describe('memory snapshots', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'flr-memory-snapshot-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const checkpoint = { position: 123_456_789_012n, processed: 77, applied: 70 };
  const body = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31) & 255));

  it('reads back what was written, in chunks with the event loop turning between them', async () => {
    writeSnapshot(folder, 'model', 3, checkpoint, [body.subarray(0, 40_000), body.subarray(40_000)]);
    let turns = 0;
    let turning = true;
    const turn = () => {
      turns++;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const loaded = await readSnapshot(folder, 'model', 3, () => false, 1_000);
    turning = false;
    expect(loaded!.checkpoint).toEqual(checkpoint);
    expect(loaded!.bytes.equals(body)).toBe(true);
    // About a hundred reads of 1,000 bytes: other work ran between them.
    expect(turns).toBeGreaterThan(10);
    // The default reads it whole just the same.
    expect((await readSnapshot(folder, 'model', 3))!.bytes.equals(body)).toBe(true);
  });

  it('answers undefined when there is none, or when halted while reading', async () => {
    expect(await readSnapshot(folder, 'model', 3)).toBeUndefined();
    writeSnapshot(folder, 'model', 3, checkpoint, [body]);
    let reads = 0;
    expect(await readSnapshot(folder, 'model', 3, () => ++reads === 5, 1_000)).toBeUndefined();
    expect(reads).toBe(5);
  });

  it('refuses another model’s or version’s snapshot and a cut one', async () => {
    writeSnapshot(folder, 'model', 3, checkpoint, [body]);
    const path = snapshotPath(folder, 'model', 3);
    writeFileSync(snapshotPath(folder, 'other', 3), readFileSync(path));
    await expect(readSnapshot(folder, 'other', 3)).rejects.toThrow('is not a snapshot of other.v3');
    writeFileSync(path, readFileSync(path).subarray(0, 10));
    await expect(readSnapshot(folder, 'model', 3)).rejects.toThrow('truncated');
  });
});
