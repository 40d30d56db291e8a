import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type ContractState, evolveContract, evolveMunicipality, type MunicipalityState } from '@flr/domain';
import { ContractLinks } from './contract-links';
import { ContractRecords } from './contract-records';
import { ListIntakes } from './list-intakes';
import { DecisionLog, type ManyPersonDecision } from './decision-log';
import { OutcomeLog } from './outcome-log';
import { StreamRecordTimes } from './record-times';
import { readSnapshotFrames, SnapshotWriter } from './snapshot-file';
import { WriterView, type WriterViewOptions } from './writer-view';

/** Bump when the snapshot's frames change meaning; the code hash below catches changes to the fold. */
const SNAPSHOT_FORMAT = 1;
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
  .update(DecisionLog.toString())
  .update(OutcomeLog.toString())
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
    section('nin', view.ninIndex);
    section('contracts', view.contracts);
    section('gps', singles(view.gps));
    section('municipalities', view.municipalities);
    section('links', view.links.snapshotEntries());
    section(
      'waiting',
      mapEntries(view.waiting, (queue) => [...queue].flat()),
    );
    section('unassigned', view.maybeUnassigned);
    section('emigrated', singles(view.emigrated));
    section(
      'born',
      mapEntries(view.bornOn, (ids) => ids),
    );
    const decisions = view.decisions.snapshotEntries();
    section('decisions', decisions.decisions);
    section('done', decisions.done);
    section('outcomes', view.outcomes.snapshotEntries());
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
  try {
    readSnapshotFrames(path, (frame) => {
      const [tag, body] = frame as [string, unknown[]];
      if (!header) {
        if (tag !== 'header') throw new Error('the first frame is not the header');
        header = body as unknown as Header;
        if (header.format !== SNAPSHOT_FORMAT || header.shape !== shape) {
          throw new ShapeMismatch(`written by other code (shape ${String(header.shape)}, expected ${shape})`);
        }
        view.head = BigInt(header.head);
        view.structureVersion = header.structureVersion;
        return;
      }
      restoreSection(view, tag, body);
    });
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
  if (tag === 'gps' || tag === 'emigrated') {
    for (const item of flat) restore(view, item, undefined);
    return;
  }
  for (let i = 0; i < flat.length; i += 2) restore(view, flat[i], flat[i + 1]);
}

type Restorer = (view: WriterView, key: unknown, value: unknown) => void;

/** Per section: puts one entry back (sections of single values get `value` undefined). */
const RESTORERS: Record<string, Restorer> = {
  nin: (view, nin, personId) => view.ninIndex.set(nin as string, personId as string),
  contracts: (view, id, state) => view.contracts.set(id as string, state as ContractState),
  gps: (view, hpr) => view.gps.add(hpr as number),
  municipalities: (view, number, state) =>
    view.municipalities.set(number as string, state as MunicipalityState),
  links: (view, contractId, links) =>
    view.links.restoreEntry(contractId as string, links as (string | null)[]),
  waiting: (view, contractId, queue) => {
    const flat = queue as string[];
    const entries = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) entries.set(flat[i]!, flat[i + 1]!);
    view.waiting.set(contractId as string, entries);
  },
  unassigned: (view, personId, since) => view.maybeUnassigned.set(personId as string, since as string),
  emigrated: (view, personId) => view.emigrated.add(personId as string),
  born: (view, birthDate, personIds) => view.bornOn.set(birthDate as string, personIds as string[]),
  decisions: (view, id, decision) =>
    view.decisions.restoreEntries({ decisions: [[id as string, decision as ManyPersonDecision]], done: [] }),
  done: (view, id, persons) =>
    view.decisions.restoreEntries({ decisions: [], done: [[id as string, persons as string[]]] }),
  outcomes: (view, commandId, outcome) =>
    view.outcomes.restoreEntry(commandId as string, outcome as Record<string, unknown>),
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
