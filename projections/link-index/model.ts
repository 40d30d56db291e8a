import { float64Column, Interner, int32Column, uint8Column } from './columns';
import { IdColumn, IdTable } from './ids';
import { OPEN_END_DAY } from './days';
import { NinTable } from './nin-table';
import type { ListNow } from './lists';

/** One end (or re-end) of a link, kept only for links ended more than once (rare backdated fixes). */
export interface LinkEnd {
  readonly recordedAt: number;
  readonly to: number;
  readonly endReason: number;
}

/**
 * The link index: every person–contract link (tilhørighet) of the register in compact columns,
 * for the hot questions (gp at a date, gp-history, patients of a list at a date).
 *
 * - persons: interned person ids (0, 1, ...); `nins` maps each nin (a number) to a nin entry that
 *   says whose it is and during which record time it resolves (S45);
 * - links: numbered in log order; per person a chain sorted by begin date (`firstLinkOfPerson`,
 *   `nextLinkOfPerson`); per contract an array of link numbers sorted by begin date and
 *   association id (`linksOfContract`);
 * - dates are day numbers, record times epoch ms, reasons and contract ids interned.
 * Columns are named for what they hold; their storage is flat typed arrays.
 */
export class LinkIndex {
  // persons
  personCount = 0;
  /** Person ids interned as person numbers (ids as 16-byte words, see ids.ts). */
  readonly personIds = new IdTable();
  readonly personNin = float64Column();
  readonly personRecordedAt = float64Column();
  readonly firstLinkOfPerson = int32Column(-1);
  /** Every nin a person has had with the record time it became theirs; only people who changed nin. */
  readonly ninHistory = new Map<number, { nin: number; recordedAt: number }[]>();

  // nins
  readonly nins = new NinTable();
  ninEntryCount = 0;
  readonly ninEntryPerson = int32Column();
  readonly ninEntryRecordedAt = float64Column();
  /** Record time from which the nin no longer resolves (replaced, S45); Infinity = still resolves. */
  readonly ninEntryUntil = float64Column(Number.POSITIVE_INFINITY);

  // links
  linkCount = 0;
  /** Per link its association id (16-byte words, see ids.ts). */
  readonly associationIds = new IdColumn();
  readonly linkPerson = int32Column();
  readonly linkContract = int32Column();
  readonly linkFrom = int32Column();
  readonly linkBeginReason = uint8Column();
  readonly linkRecordedAt = float64Column();
  /** Record time the pending link was withdrawn (§4.3); Infinity = never. */
  readonly linkWithdrawnAt = float64Column(Number.POSITIVE_INFINITY);
  /** The latest end recorded: exclusive end day (OPEN_END_DAY = open), reason, its record time (NaN = none). */
  readonly linkTo = int32Column(OPEN_END_DAY);
  readonly linkEndReason = uint8Column();
  readonly linkEndRecordedAt = float64Column(Number.NaN);
  readonly nextLinkOfPerson = int32Column(-1);
  /** All ends in log order, for links ended more than once. */
  readonly linkEnds = new Map<number, LinkEnd[]>();

  // contracts and reasons
  readonly contracts = new Interner();
  readonly linksOfContract: number[][] = [];
  readonly reasons = new Interner();

  // Caches for the hot questions, derived from the columns above (never in a snapshot).
  /**
   * Per link, what a question about now reads of it, side by side: `[from, next link of the person,
   * end day now, flags]` at `link * LINK_NOW_STRIDE` (flags: bit 0 withdrawn, bits 8-15 the begin
   * reason, bits 16-23 the end reason now). gp-at and gp-history about now walk a person's chain
   * touching one 16-byte cell per link instead of five columns (at national size each a cache miss).
   * Kept by `linkChanged`, rebuilt whole after a snapshot is restored (`rebuildLinksNow`).
   */
  readonly linkNow = int32Column();
  /** Per contract: bumped whenever its links or their ends change, so `listNow` and `listSizes` are rebuilt. */
  readonly contractChanges: number[] = [];
  /** Per contract: its links as known now, side by side, with the latest end of each block (see lists.ts). */
  readonly listNow: (ListNow | undefined)[] = [];
  /** Per contract: the days its list size changes on and the size from each (see lists.ts). */
  readonly listSizes: ({ change: number; days: Int32Array; sizes: Int32Array } | undefined)[] = [];

  constructor() {
    this.reasons.code(''); // reason 0: none
  }

  /** Copies the link's fields into `linkNow` after any of them changed (its next link included). */
  linkChanged(link: number): void {
    const at = link * LINK_NOW_STRIDE;
    const now = this.linkNow.reserve(at + LINK_NOW_STRIDE - 1);
    now[at] = this.linkFrom.array[link]!;
    now[at + 1] = this.nextLinkOfPerson.array[link]!;
    now[at + 2] = this.linkTo.array[link]!;
    now[at + 3] =
      (this.linkWithdrawnAt.array[link] === Number.POSITIVE_INFINITY ? 0 : 1) |
      (this.linkBeginReason.array[link]! << 8) |
      (this.linkEndReason.array[link]! << 16);
  }

  /** `linkNow` for every link, from the columns (after a snapshot is restored). */
  rebuildLinksNow(): void {
    this.linkNow.load(new Int32Array(0), this.linkCount * LINK_NOW_STRIDE);
    for (let link = 0; link < this.linkCount; link++) this.linkChanged(link);
  }

  /** Marks the contract's links (membership, ends, withdrawals) as changed. */
  contractChanged(contract: number): void {
    this.contractChanges[contract] = (this.contractChanges[contract] ?? 0) + 1;
  }

  personOf(personId: string): number {
    return this.personIds.find(personId);
  }

  /** The person a nin denotes at record time `asOf` (undefined = now), or -1. */
  personOfNin(nin: number, asOf: number | undefined): number {
    return asOf === undefined ? this.nins.currentPerson(nin) : this.personOfEntry(this.nins.get(nin), asOf);
  }

  /** The person of a nin entry (`nins.get`'s answer) at `asOf`, or -1. */
  personOfEntry(entry: number, asOf: number | undefined): number {
    if (entry < 0) return -1;
    const until = this.ninEntryUntil.array[entry]!;
    if (asOf === undefined)
      return until === Number.POSITIVE_INFINITY ? this.ninEntryPerson.array[entry]! : -1;
    if (this.ninEntryRecordedAt.array[entry]! > asOf || until <= asOf) return -1;
    const person = this.ninEntryPerson.array[entry]!;
    return this.personRecordedAt.array[person]! <= asOf ? person : -1;
  }

  /** The person's nin as the register knew it at `asOf`. */
  ninAt(person: number, asOf: number | undefined): number {
    const history = asOf === undefined ? undefined : this.ninHistory.get(person);
    if (!history) return this.personNin.array[person]!;
    let nin = history[0]!.nin;
    for (const entry of history) if (entry.recordedAt <= asOf!) nin = entry.nin;
    return nin;
  }

  /** Whether the link existed in the register's knowledge at `asOf` and was not withdrawn. */
  visible(link: number, asOf: number | undefined): boolean {
    const withdrawnAt = this.linkWithdrawnAt.array[link]!;
    if (asOf === undefined) return withdrawnAt === Number.POSITIVE_INFINITY;
    return this.linkRecordedAt.array[link]! <= asOf && withdrawnAt > asOf;
  }

  /** The end day known at `asOf` (OPEN_END_DAY = open), and its reason code (0 = none). */
  endAt(link: number, asOf: number | undefined): { to: number; endReason: number } {
    const recordedAt = this.linkEndRecordedAt.array[link]!;
    if (Number.isNaN(recordedAt)) return OPEN;
    if (asOf === undefined || recordedAt <= asOf)
      return { to: this.linkTo.array[link]!, endReason: this.linkEndReason.array[link]! };
    const ends = this.linkEnds.get(link);
    if (ends)
      for (let i = ends.length - 1; i >= 0; i--)
        if (ends[i]!.recordedAt <= asOf) return { to: ends[i]!.to, endReason: ends[i]!.endReason };
    return OPEN;
  }

  /** The end day known at `asOf` alone (the hot path of gp-at: no object). */
  toAt(link: number, asOf: number | undefined): number {
    const recordedAt = this.linkEndRecordedAt.array[link]!;
    if (asOf === undefined || recordedAt <= asOf) return this.linkTo.array[link]!;
    return Number.isNaN(recordedAt) ? OPEN_END_DAY : this.endAt(link, asOf).to;
  }
}

const OPEN = Object.freeze({ to: OPEN_END_DAY, endReason: 0 });

/** Cells per link in `LinkIndex.linkNow`. */
export const LINK_NOW_STRIDE = 4;
/** `linkNow` flags: the link was withdrawn. */
export const LINK_NOW_WITHDRAWN = 1;
