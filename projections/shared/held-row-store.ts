import { float64Column, int32Column } from '../link-index/columns';
import { IdTable } from '../link-index/ids';
import type { HeldRowStore } from './read-model';

/** Bytes per arena chunk by default: a row never spans two (the largest row is far below it). */
const CHUNK_BYTES = 64 * 1024 * 1024;

/**
 * Rows of bytes by id, held in memory while a first build runs (the runtime's `holdInFirstBuild`):
 * ids interned as numbers in an open-addressing table of 16-byte uuid words (no string or Map entry
 * per id), each row's bytes in 64 MB arena chunks, with its address, length and room in flat
 * columns. A row rewritten no longer than its room stays in place; a longer one moves to the arena's
 * end with a quarter more room, and the space it left is reclaimed by compacting once the arena holds
 * more abandoned bytes than live ones. Measured at 300k persons: 486,788 rows (about 105 bytes each)
 * in 134 MB of arena, where a Map of Buffers would take several times it and slow every collection.
 *
 * `get` returns a view into the arena, valid until the row is next set or deleted: read it (decode
 * it) at once. `set` copies the bytes given.
 */
export class CompactRowStore implements HeldRowStore {
  private readonly ids = new IdTable();
  /** Per id number: chunk × chunkBytes + offset of its bytes, or -1 (no row). */
  private readonly address = float64Column(-1);
  private readonly length = int32Column();
  private readonly room = int32Column();
  private chunks: Uint8Array[] = [];
  /** Next free byte of the last chunk. */
  private tail: number;
  private rows = 0;
  private liveRoom = 0;
  private abandoned = 0;
  /**
   * The id last found or interned and its number: an event reads its person's row, then puts it (and
   * the hold reads it once more for its undo), so three look-ups of one id come in a row. Ids are never
   * renumbered (a deleted row keeps its id's number), so the pair stays true.
   */
  private lastId: string | null = null;
  private lastNumber = -1;

  /** `chunkBytes`: the arena's chunk size (a row may not be longer). */
  constructor(private readonly chunkBytes = CHUNK_BYTES) {
    this.tail = chunkBytes;
  }

  get size(): number {
    return this.rows;
  }

  /** Bytes of arena allocated (live rows' room, abandoned room, and the last chunk's free end). */
  get arenaBytes(): number {
    return this.chunks.length * this.chunkBytes;
  }

  get(id: string): Uint8Array | undefined {
    const n = this.numberOf(id, false);
    if (n < 0) return undefined;
    const at = this.address.array[n]!;
    if (at < 0) return undefined;
    const chunk = this.chunks[Math.floor(at / this.chunkBytes)]!;
    const offset = at % this.chunkBytes;
    return chunk.subarray(offset, offset + this.length.array[n]!);
  }

  set(id: string, bytes: Uint8Array): void {
    if (bytes.length > this.chunkBytes)
      throw new RangeError(`a held row of ${bytes.length} bytes is over ${this.chunkBytes}`);
    const n = this.numberOf(id, true);
    const address = this.address.reserve(n);
    const length = this.length.reserve(n);
    const room = this.room.reserve(n);
    let at = address[n]!;
    if (at >= 0 && room[n]! >= bytes.length) {
      this.chunks[Math.floor(at / this.chunkBytes)]!.set(bytes, at % this.chunkBytes);
      length[n] = bytes.length;
      return;
    }
    if (at >= 0) {
      this.abandoned += room[n]!;
      this.liveRoom -= room[n]!;
      // Not live while the new room is found: a compaction meanwhile leaves the old bytes behind.
      address[n] = -1;
    } else this.rows++;
    // A first row gets its size (most are never rewritten longer); a row outgrowing its room a quarter more.
    const wanted = at >= 0 ? Math.min(this.chunkBytes, bytes.length + (bytes.length >> 2) + 8) : bytes.length;
    at = this.allocate(wanted);
    this.chunks[Math.floor(at / this.chunkBytes)]!.set(bytes, at % this.chunkBytes);
    // Allocation may have compacted: the columns are read again.
    this.address.array[n] = at;
    this.length.array[n] = bytes.length;
    this.room.array[n] = wanted;
    this.liveRoom += wanted;
  }

  delete(id: string): void {
    const n = this.numberOf(id, false);
    if (n < 0 || this.address.array[n]! < 0) return;
    this.abandoned += this.room.array[n]!;
    this.liveRoom -= this.room.array[n]!;
    this.address.array[n] = -1;
    this.rows--;
  }

  /**
   * Every row, uuid ids in about their text's order (the order the store's keys sort in, so writing
   * them fills pages in turn; see `uuidOrder`), then any other ids. Views as `get`'s; nothing may be
   * set meanwhile.
   */
  *entries(): Generator<[string, Uint8Array]> {
    const { words, texts } = this.ids.ids.snapshot();
    const textIds = new Set(texts.map(([n]) => n));
    const count = this.ids.count;
    const order = uuidOrder(words, count, (n) => !textIds.has(n) && this.address.array[n]! >= 0);
    for (let i = 0; i < order.length; i++) yield [this.ids.at(order[i]!), this.view(order[i]!)];
    for (const [n] of texts) if (this.address.array[n]! >= 0) yield [this.ids.at(n), this.view(n)];
  }

  /** The number of `id` (interned now when `intern` and it was never seen), or -1. */
  private numberOf(id: string, intern: boolean): number {
    if (id === this.lastId) return this.lastNumber;
    const n = intern ? this.ids.intern(id) : this.ids.find(id);
    if (n >= 0) {
      this.lastId = id;
      this.lastNumber = n;
    }
    return n;
  }

  private view(n: number): Uint8Array {
    const at = this.address.array[n]!;
    const offset = at % this.chunkBytes;
    return this.chunks[Math.floor(at / this.chunkBytes)]!.subarray(offset, offset + this.length.array[n]!);
  }

  /** The address of `size` free bytes at the arena's end (compacting first when most of it is abandoned). */
  private allocate(size: number): number {
    if (this.tail + size > this.chunkBytes) {
      if (this.abandoned > this.liveRoom && this.abandoned > this.chunkBytes) this.compact();
      if (this.tail + size > this.chunkBytes) {
        this.chunks.push(new Uint8Array(this.chunkBytes));
        this.tail = 0;
      }
    }
    const at = (this.chunks.length - 1) * this.chunkBytes + this.tail;
    this.tail += size;
    return at;
  }

  /** Copies every live row into fresh chunks, in id order; the old chunks go with the last view of them. */
  private compact(): void {
    const old = this.chunks;
    this.chunks = [];
    this.tail = this.chunkBytes;
    this.abandoned = 0;
    const address = this.address.array;
    const room = this.room.array;
    for (let n = 0; n < this.ids.count; n++) {
      const from = address[n]!;
      if (from < 0) continue;
      if (this.tail + room[n]! > this.chunkBytes) {
        this.chunks.push(new Uint8Array(this.chunkBytes));
        this.tail = 0;
      }
      const to = (this.chunks.length - 1) * this.chunkBytes + this.tail;
      const offset = from % this.chunkBytes;
      this.chunks[this.chunks.length - 1]!.set(
        old[Math.floor(from / this.chunkBytes)]!.subarray(offset, offset + this.length.array[n]!),
        this.tail,
      );
      this.tail += room[n]!;
      address[n] = to;
    }
  }
}

/** Id bits below the uuid's leading 28 in one sort key (ids up to 2^24 sort as one typed array). */
const ID_BITS = 24;

/**
 * The id numbers `keep` accepts, ordered by their uuid words as unsigned numbers (the uuids' text
 * order). Up to 2^24 ids, by one numeric sort of a typed array whose keys are each id's leading 28
 * bits above its number: ids sharing those bits come out by number, not by the rest of their words
 * (a few per million at national size); only the pages written, not what they hold, depend on it.
 */
function uuidOrder(words: Int32Array, count: number, keep: (n: number) => boolean): ArrayLike<number> {
  if (count <= 2 ** ID_BITS) {
    const keys = new Float64Array(count);
    let kept = 0;
    for (let n = 0; n < count; n++) {
      if (keep(n)) keys[kept++] = (words[n * 4]! >>> 4) * 2 ** ID_BITS + n;
    }
    const sorted = keys.subarray(0, kept).sort();
    const order = new Int32Array(kept);
    for (let i = 0; i < kept; i++) order[i] = sorted[i]! % 2 ** ID_BITS;
    return order;
  }
  const order: number[] = [];
  for (let n = 0; n < count; n++) if (keep(n)) order.push(n);
  return order.sort((a, b) => {
    for (let w = 0; w < 4; w++) {
      const x = words[a * 4 + w]! >>> 0;
      const y = words[b * 4 + w]! >>> 0;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}
