import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type ContractState, evolveContract, evolveMunicipality, type MunicipalityState } from '@flr/domain';
import { ContractLinks } from './contract-links';
import { ContractRecords } from './contract-records';
import { ListIntakes } from './list-intakes';
import { DecisionLog, type ManyPersonDecision } from './decision-log';
import { StreamRecordTimes } from './record-times';
import { readSnapshotFrames, SnapshotWriter } from './snapshot-file';
import { WriterView, type WriterViewOptions } from './writer-view';
import { GrowableColumn, withSpare } from './writer-view-columns';
import { IdColumn, OrdinalTable, PersonIds } from './writer-view-ids';
import { BirthDays, NinIndex, PersonSet } from './writer-view-persons';

/** Bump when the snapshot's frames change meaning; the code hash below catches changes to the fold. */
const SNAPSHOT_FORMAT = 7;
/** Entries (map keys) per frame: each frame is encoded and decoded alone. */
const ENTRIES_PER_FRAME = 20_000;

/**
 * The shape of the writer view: the format number and a hash of the code that folds events into it
 * (the view's class, its parts, the contract and municipality deciders' evolve). A snapshot written by
 * other code has another shape and is never trusted: the view is rebuilt from the log instead.
 */
export const WRITER_VIEW_SHAPE = createHash('sha256')
  .update(String(SNAPSHOT_FORMAT))
  .update(WriterView.toString())
  .update(ContractLinks.toString())
  .update(PersonIds.toString())
  .update(IdColumn.toString())
  .update(OrdinalTable.toString())
  .update(GrowableColumn.toString())
  .update(NinIndex.toString())
  .update(BirthDays.toString())
  .update(PersonSet.toString())
  .update(DecisionLog.toString())
  .update(StreamRecordTimes.toString())
  .update(ContractRecords.toString())
  .update(ListIntakes.toString())
  .update(evolveContract.toString())
  .update(evolveMunicipality.toString())
  .digest('hex')
  .slice(0, 32);

interface Header {
  readonly format: number;
  readonly shape: string;
  /** The last log position folded into the view. */
  readonly head: string;
  readonly structureVersion: number;
}

/** Writes the view at its head position (call with no command in progress). */
export function saveWriterViewSnapshot(
  view: WriterView,
  path: string,
  shape: string = WRITER_VIEW_SHAPE,
): void {
  const out = new SnapshotWriter(path);
  try {
    const header: Header = {
      format: SNAPSHOT_FORMAT,
      shape,
      head: view.head.toString(),
      structureVersion: view.structureVersion,
    };
    out.write(['header', header]);
    const section = (tag: string, entries: Iterable<readonly unknown[]>) => {
      let flat: unknown[] = [];
      let count = 0;
      for (const entry of entries) {
        flat.push(...entry);
        if (++count % ENTRIES_PER_FRAME === 0) {
          out.write([tag, flat]);
          flat = [];
        }
      }
      if (flat.length > 0) out.write([tag, flat]);
    };
    // The person columns first: the other parts refer to persons by ordinal. Each part's frame
    // names its columns; their cells follow it as raw bytes, in the same order.
    const part = (tag: string, body: unknown) => {
      const columns: Cells[] = [];
      out.write([tag, withColumns(body, columns)]);
      for (const cells of columns) out.writeBytes(cells);
    };
    part('persons', view.personIds.snapshot());
    part('nins', view.ninIndex.snapshot());
    part('born', view.bornOn.snapshot());
    part('emigrated', view.emigrated.snapshot());
    part('links', view.links.snapshot());
    section('contracts', view.contracts);
    section('gps', singles(view.gps));
    section('municipalities', view.municipalities);
    section(
      'waiting',
      mapEntries(view.waiting, (queue) => [...queue].flat()),
    );
    section('unassigned', view.maybeUnassigned);
    const decisions = view.decisions.snapshotEntries();
    section('decisions', decisions.decisions);
    section('done', decisions.done);
    // Command outcomes are not here: the outcome index keeps them, with the log position it holds.
    section(
      'revisions',
      mapEntries(view.revisions, (revision) => revision.toString()),
    );
    section('recorded', view.recordTimes.snapshotEntries());
    // The daily job's view of each list as of a past date (API.md), and R14's running batches.
    section('contractRecords', view.contractRecords.snapshotEntries());
    section('intakes', view.intakes.snapshotEntries());
    out.commit();
  } catch (error) {
    out.abort();
    throw error;
  }
}

function* mapEntries<V>(map: Map<string, V>, value: (v: V) => unknown): Generator<unknown[]> {
  for (const [key, v] of map) yield [key, value(v)];
}

function* singles<T>(set: Set<T>): Generator<T[]> {
  for (const item of set) yield [item];
}

type Cells = Int32Array | Uint32Array | Float64Array | Uint8Array;
/** The typed arrays a part may hold, by the name its frame gives them. */
const CELL_TYPES = { i32: Int32Array, u32: Uint32Array, f64: Float64Array, u8: Uint8Array } as const;
type CellType = keyof typeof CELL_TYPES;

function cellTypeOf(cells: ArrayBufferView): CellType {
  if (cells instanceof Int32Array) return 'i32';
  if (cells instanceof Uint32Array) return 'u32';
  if (cells instanceof Float64Array) return 'f64';
  if (cells instanceof Uint8Array) return 'u8';
  throw new Error(`a snapshot part holds a ${cells.constructor.name}`);
}

/**
 * Replaces every column (typed array) in `body` by `{ cells: type, length }`, adding it to `columns`:
 * its bytes are written after the part's frame, in that order.
 */
function withColumns(body: unknown, columns: Cells[]): unknown {
  if (ArrayBuffer.isView(body)) {
    const type = cellTypeOf(body);
    columns.push(body as Cells);
    return { cells: type, length: (body as Cells).length };
  }
  if (Array.isArray(body) || body === null || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) out[key] = withColumns(value, columns);
  return out;
}

/**
 * Puts a fresh typed array in place of every `{ cells, length }` of a part's frame, adding it to
 * `columns`, for the raw bytes after the frame to be read into. Each is allocated with the room a
 * column keeps after a restore (`withSpare`) and given as a view of its first `length` cells: a
 * column takes the room without copying (`GrowableColumn.load`); the pages of the room are not
 * touched until used.
 */
function allocateColumns(body: unknown, columns: Cells[]): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const keys = Object.keys(body);
  if (keys.length === 2 && 'cells' in body && 'length' in body) {
    const { cells: type, length } = body as { cells: unknown; length: unknown };
    const make =
      typeof type === 'string' && Object.hasOwn(CELL_TYPES, type) ? CELL_TYPES[type as CellType] : undefined;
    if (!make || typeof length !== 'number' || !Number.isInteger(length) || length < 0)
      throw new Error('a column of a part is malformed');
    const cells = new make(withSpare(length)).subarray(0, length);
    columns.push(cells);
    return cells;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) out[key] = allocateColumns(value, columns);
  return out;
}

export type SnapshotLoad =
  | { readonly kind: 'restored'; readonly view: WriterView; readonly head: bigint }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * Reads a snapshot into a fresh view. Missing, from other code (shape), damaged (checksum, frames) or
 * unreadable: `ignored` with the reason, and the caller folds the whole log instead.
 */
export function loadWriterViewSnapshot(
  path: string,
  options: WriterViewOptions = {},
  shape: string = WRITER_VIEW_SHAPE,
): SnapshotLoad {
  if (!existsSync(path)) return { kind: 'ignored', reason: 'no snapshot' };
  const view = new WriterView(options);
  let header: Header | undefined;
  /** The part whose columns are being read, and the columns still to come. */
  let open: { tag: string; body: unknown; columns: Cells[]; next: number } | undefined;
  const finishPart = () => {
    if (!open) return;
    if (open.next !== open.columns.length) throw new Error(`part ${open.tag} lacks columns`);
    PARTS[open.tag]!(view, open.body);
    open = undefined;
  };
  try {
    readSnapshotFrames(
      path,
      (frame) => {
        const [tag, body] = frame as [string, unknown[]];
        if (!header) {
          if (tag !== 'header') throw new Error('the first frame is not the header');
          header = body as unknown as Header;
          if (header.format !== SNAPSHOT_FORMAT || header.shape !== shape) {
            throw new ShapeMismatch(
              `written by other code (shape ${String(header.shape)}, expected ${shape})`,
            );
          }
          view.head = BigInt(header.head);
          view.structureVersion = header.structureVersion;
          return;
        }
        finishPart();
        if (Object.hasOwn(PARTS, tag)) {
          const columns: Cells[] = [];
          open = { tag, body: allocateColumns(body, columns), columns, next: 0 };
        } else restoreSection(view, tag, body);
      },
      (length) => {
        const cells = open?.columns[open.next++];
        if (!cells || cells.byteLength !== length) throw new Error('a column is not where its part says');
        return new Uint8Array(cells.buffer, cells.byteOffset, cells.byteLength);
      },
    );
    finishPart();
  } catch (error) {
    const reason = error instanceof ShapeMismatch ? error.message : `unreadable: ${(error as Error).message}`;
    return { kind: 'ignored', reason };
  }
  if (!header) return { kind: 'ignored', reason: 'unreadable: no header' };
  return { kind: 'restored', view, head: view.head };
}

class ShapeMismatch extends Error {}

function restoreSection(view: WriterView, tag: string, flat: unknown[]): void {
  if (!Array.isArray(flat)) throw new Error(`section ${tag} is not a list`);
  const restore = RESTORERS[tag];
  if (!restore) throw new Error(`unknown section ${tag}`);
  if (tag === 'gps') {
    for (const item of flat) restore(view, item, undefined);
    return;
  }
  for (let i = 0; i < flat.length; i += 2) restore(view, flat[i], flat[i + 1]);
}

type Restorer = (view: WriterView, key: unknown, value: unknown) => void;

/** The compact parts, each restored from its frame and the columns read after it. */
const PARTS: Record<string, (view: WriterView, body: unknown) => void> = {
  persons: (view, body) => view.personIds.restore(body as ReturnType<PersonIds['snapshot']>),
  nins: (view, body) => view.ninIndex.restore(body as ReturnType<NinIndex['snapshot']>),
  born: (view, body) => view.bornOn.restore(body as ReturnType<BirthDays['snapshot']>),
  emigrated: (view, body) => view.emigrated.restore(body as Uint8Array),
  links: (view, body) => view.links.restore(body as ReturnType<WriterView['links']['snapshot']>),
};

/** Per section: puts one entry back (sections of single values get `value` undefined). */
const RESTORERS: Record<string, Restorer> = {
  contracts: (view, id, state) => view.contracts.set(id as string, state as ContractState),
  gps: (view, hpr) => view.gps.add(hpr as number),
  municipalities: (view, number, state) =>
    view.municipalities.set(number as string, state as MunicipalityState),
  waiting: (view, contractId, queue) => {
    const flat = queue as string[];
    const entries = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) entries.set(flat[i]!, flat[i + 1]!);
    view.waiting.set(contractId as string, entries);
  },
  unassigned: (view, personId, since) => view.maybeUnassigned.set(personId as string, since as string),
  decisions: (view, id, decision) =>
    view.decisions.restoreEntries({ decisions: [[id as string, decision as ManyPersonDecision]], done: [] }),
  done: (view, id, persons) =>
    view.decisions.restoreEntries({ decisions: [], done: [[id as string, persons as string[]]] }),
  revisions: (view, stream, revision) => view.revisions.set(stream as string, BigInt(revision as string)),
  contractRecords: (view, contractId, records) =>
    view.contractRecords.restoreEntry(
      contractId as string,
      records as Parameters<ContractRecords['restoreEntry']>[1],
    ),
  intakes: (view, contractId, arrivals) =>
    view.intakes.restoreEntry(contractId as string, arrivals as string[]),
  recorded: (view, stream, times) =>
    view.recordTimes.restoreEntry(stream as string, times as [number, number]),
};
