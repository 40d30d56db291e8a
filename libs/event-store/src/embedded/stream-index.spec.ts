import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabases, type StoreDatabases } from './lmdb-env';
import { positionAt, positionsBackward, positionsForward, putRun } from './stream-index';

describe('stream index runs', () => {
  let dir: string;
  let dbs: StoreDatabases;
  // Revision r of stream 's' is at position 100 + r; 't' interleaves so runs of both streams sit side by side.
  const runs: Array<[number, number]> = [
    [0, 0],
    [1, 4],
    [5, 5],
    [6, 11],
    [12, 12],
    [13, 20],
  ];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stream-index-'));
    dbs = openDatabases(dir);
    await dbs.env.transaction(() => {
      for (const [first, last] of runs) {
        const positions = [];
        for (let r = first; r <= last; r++) positions.push(100 + r);
        putRun(dbs, 's', last, positions);
        putRun(dbs, 't', last, [7]);
      }
      // A store from before runs: one plain number per revision.
      for (let r = 0; r < 3; r++) dbs.streamIndex.putSync(['legacy', r], 50 + r);
    });
  });
  afterEach(async () => {
    await dbs.env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every revision in its run, and nothing past the end', () => {
    for (let r = 0; r <= 20; r++) expect(positionAt(dbs, 's', r)).toBe(100 + r);
    expect(positionAt(dbs, 's', 21)).toBeUndefined();
    expect(positionAt(dbs, 'legacy', 1)).toBe(51);
    expect(positionAt(dbs, 'legacy', 3)).toBeUndefined();
    expect(positionAt(dbs, 'none', 0)).toBeUndefined();
  });

  it('reads forwards and backwards across runs from any revision, within bounds and limits', () => {
    const expected = (from: number, to: number, step: number, limit: number) => {
      const out: Array<[number, number]> = [];
      for (let r = from; step > 0 ? r <= to : r >= to; r += step) {
        if (out.length >= limit) break;
        out.push([r, 100 + r]);
      }
      return out;
    };
    for (let from = 0; from <= 20; from++) {
      for (const limit of [1, 3, 7, 100]) {
        for (const bound of [0, 4, 9, 20]) {
          expect(positionsForward(dbs, 's', from, bound, limit)).toEqual(expected(from, bound, 1, limit));
          expect(positionsBackward(dbs, 's', from, bound, limit)).toEqual(expected(from, bound, -1, limit));
        }
      }
    }
    expect(positionsForward(dbs, 'legacy', 1, 10, 10)).toEqual([
      [1, 51],
      [2, 52],
    ]);
    expect(positionsBackward(dbs, 'legacy', 2, 0, 10)).toEqual([
      [2, 52],
      [1, 51],
      [0, 50],
    ]);
  });
});
