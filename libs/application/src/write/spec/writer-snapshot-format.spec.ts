import type { ContractState } from '@flr/domain';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotWriter } from '../snapshot-file';
import { WriterView } from '../writer-view';
import { int32Column, withSpare } from '../writer-view-columns';
import { loadWriterViewSnapshot, saveWriterViewSnapshot, WRITER_VIEW_SHAPE } from '../writer-view-snapshot';

/**
 * The snapshot's columns are raw blocks of bytes read straight into the restored view's arrays:
 * damage to them is found like damage to any frame, and the restored arrays grow as folded ones do.
 */
const RAW = 0xffff_ffff;

/** Where each raw block of a snapshot file starts (its marker), and how long its bytes are. */
function rawBlocks(bytes: Buffer): { at: number; length: number }[] {
  const blocks: { at: number; length: number }[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32LE(at);
    if (length === RAW) {
      const cells = bytes.readUInt32LE(at + 4);
      blocks.push({ at, length: cells });
      at += 8 + cells;
    } else at += 4 + length;
  }
  return blocks;
}

const PERSONS = 2_000;
const nin = (p: number) => String(10_000_000_000 + p);

/** Persons with nins, birth dates and links on two lists, some emigrated; a third list left empty. */
function sampleView(): WriterView {
  const view = new WriterView();
  view.links.listed('L-EMPTY', 'a-gone', 'p-0', '2020-01-01');
  view.links.withdrawn('L-EMPTY', 'a-gone', 'p-0');
  for (let p = 0; p < PERSONS; p++) {
    view.ninIndex.set(nin(p), `p-${p}`);
    view.bornOn.add(`p-${p}`, p % 2 === 0 ? '1990-01-01' : '1991-06-30');
    view.links.listed(p % 3 === 0 ? 'L-A' : 'L-B', `a-${p}`, `p-${p}`, '2020-01-01');
    if (p % 7 === 0) view.emigrated.add(`p-${p}`);
  }
  // R41: a replaced nin stays its former holder's after a restore.
  view.ninIndex.retire(nin(1), 'p-1');
  view.ninIndex.set(nin(PERSONS * 3), 'p-1');
  view.head = 42n;
  return view;
}

const answers = (view: WriterView) => ({
  persons: view.personIds.count,
  a: view.links.countOn('L-A', '2020-03-01'),
  b: view.links.countOn('L-B', '2020-03-01'),
  empty: view.links.countOn('L-EMPTY', '2020-03-01'),
  nin: view.ninIndex.get(nin(1_234)),
  replaced: [
    view.ninIndex.get(nin(1)),
    view.ninIndex.formerHolder(nin(1)),
    view.ninIndex.get(nin(PERSONS * 3)),
  ],
  born: view.bornOn.get('1990-01-01')?.length,
  emigrated: [...view.emigrated].length,
});

describe('the writer view snapshot format (columns as raw blocks)', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'writer-format-'));
    path = join(dir, 'view.snapshot');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('restores the columns, which then take new persons and links into their spare room and beyond it', () => {
    const view = sampleView();
    saveWriterViewSnapshot(view, path);
    expect(rawBlocks(readFileSync(path)).length).toBeGreaterThan(10);
    const loaded = loadWriterViewSnapshot(path);
    if (loaded.kind !== 'restored') throw new Error(loaded.reason);
    const restored = loaded.view;
    expect(loaded.head).toBe(42n);
    expect(answers(restored)).toEqual(answers(view));
    for (const v of [view, restored]) {
      // Within the room a restore leaves (a thirty-second), then far beyond it.
      for (let p = PERSONS; p < PERSONS * 2; p++) {
        v.ninIndex.set(nin(p), `p-${p}`);
        v.bornOn.add(`p-${p}`, '1990-01-01');
        v.links.listed(p % 2 === 0 ? 'L-A' : 'L-EMPTY', `a-${p}`, `p-${p}`, '2020-02-01');
        if (p % 7 === 0) v.emigrated.add(`p-${p}`);
      }
      v.links.unlisted('L-B', 'a-1', 'p-1', '2020-02-01');
    }
    expect(answers(restored)).toEqual(answers(view));
    expect(answers(restored).empty).toBe(PERSONS / 2);
    expect(restored.links.membersOn('L-A', '2020-03-01')).toEqual(view.links.membersOn('L-A', '2020-03-01'));
    for (let p = 0; p < PERSONS * 2; p += 97) expect(restored.ninIndex.personOf(nin(p))).toBe(p);
    expect(restored.ninIndex.get(nin(PERSONS * 2))).toBeUndefined();
  });

  it('a changed byte inside a column (no frame to decode) is caught by the checksum', () => {
    saveWriterViewSnapshot(sampleView(), path);
    const bytes = readFileSync(path);
    const largest = rawBlocks(bytes).reduce((a, b) => (b.length > a.length ? b : a));
    expect(largest.length).toBeGreaterThan(1_000);
    bytes[largest.at + 8 + Math.floor(largest.length / 2)]! ^= 0x10;
    writeFileSync(path, bytes);
    const loaded = loadWriterViewSnapshot(path);
    expect(loaded).toEqual({
      kind: 'ignored',
      reason: 'unreadable: the checksum does not match the content',
    });
  });

  it('a block whose length is not its column’s, or a file cut inside a block, is unreadable', () => {
    saveWriterViewSnapshot(sampleView(), path);
    const bytes = readFileSync(path);
    const blocks = rawBlocks(bytes);
    const block = blocks[blocks.length - 1]!;
    const longer = Buffer.from(bytes);
    longer.writeUInt32LE(block.length + 4, block.at + 4);
    writeFileSync(path, longer);
    expect(loadWriterViewSnapshot(path)).toEqual({
      kind: 'ignored',
      reason: 'unreadable: a column is not where its part says',
    });
    writeFileSync(path, bytes);
    truncateSync(path, block.at + 8 + Math.floor(block.length / 2));
    expect(loadWriterViewSnapshot(path)).toEqual({
      kind: 'ignored',
      reason: 'unreadable: a block of bytes is cut off',
    });
  });

  it('a snapshot of the earlier format (columns in msgpack frames) is written by other code', () => {
    const old = new SnapshotWriter(path);
    old.write(['header', { format: 3, shape: WRITER_VIEW_SHAPE, head: '7', structureVersion: 0 }]);
    old.write(['blob', 0, new Uint8Array(16)]);
    old.commit();
    const loaded = loadWriterViewSnapshot(path);
    expect(loaded.kind).toBe('ignored');
    expect(loaded.kind === 'ignored' && loaded.reason).toMatch(/^written by other code/);
  });

  it('a doctor period shared by a contract’s recorded states is restored as one object, as it was folded', () => {
    const view = sampleView();
    const fastlege = { periodId: 'd-1', hpr: 1, relationship: 'LPFL', from: '2020-01-01', to: null };
    const vikar = {
      periodId: 'd-2',
      hpr: 2,
      relationship: 'LPVI',
      from: '2020-02-01',
      to: null,
      substituteForHpr: 1,
    };
    // As evolve folds a new period: the array is copied, the earlier periods in it are the same objects.
    const before = { contractId: 'L-A', status: 'open', doctors: [fastlege] } as unknown as ContractState;
    const after = { ...before, doctors: [...before.doctors, vikar] } as unknown as ContractState;
    view.contractRecords.add('L-A', before, '2020-01-01', false);
    view.contractRecords.add('L-A', after, '2020-02-01', false);
    saveWriterViewSnapshot(view, path);
    const loaded = loadWriterViewSnapshot(path);
    if (loaded.kind !== 'restored') throw new Error(loaded.reason);
    const first = loaded.view.contractRecords.asKnownAt('L-A', '2020-01-15')!.state;
    const second = loaded.view.contractRecords.asKnownAt('L-A', '2020-02-15')!.state;
    expect(first.doctors).toEqual([fastlege]);
    expect(second.doctors).toEqual([fastlege, vikar]);
    expect(second.doctors).not.toBe(first.doctors);
    expect(second.doctors[0]).toBe(first.doctors[0]);
  });

  it('a column takes the room after its restored cells without copying, with its fill value', () => {
    const column = int32Column(-1);
    const cells = new Int32Array(withSpare(3_000)).subarray(0, 3_000);
    for (let i = 0; i < 3_000; i++) cells[i] = i;
    expect(column.load(cells)).toBe(3_000);
    expect(column.array.length).toBe(withSpare(3_000));
    expect(column.array.buffer).toBe(cells.buffer);
    expect(column.array[2_999]).toBe(2_999);
    expect(column.array[3_000]).toBe(-1);
    expect(column.reserve(3_050)).toBe(column.array);
    expect(column.array.buffer).toBe(cells.buffer);
    const grown = column.reserve(withSpare(3_000));
    expect(grown.buffer).not.toBe(cells.buffer);
    expect(grown[withSpare(3_000)]).toBe(-1);
    expect(grown[1_234]).toBe(1_234);
    // An exact array (no room after it) is taken as it is, and grows on the first new cell.
    const exact = int32Column(-1);
    exact.load(Int32Array.from([5, 6, 7]));
    expect(exact.array.length).toBe(3);
    expect(exact.reserve(3)[3]).toBe(-1);
    expect(exact.array[2]).toBe(7);
    // Cells of another width (a damaged part naming the wrong type) are refused, not reinterpreted.
    expect(() => int32Column().load(new Float64Array(2) as unknown as Int32Array<ArrayBuffer>)).toThrow(
      'a column of 4-byte cells got 8',
    );
  });
});
