import { uuidOfWords, uuidWords } from '@flr/domain';
import { dayNumber, dayText } from '../link-index/days';
import type { LinkRow, PersonRow } from './model';

/**
 * The stored form of the feed's person rows (`['xp', personId]`): bytes, not a msgpack map. A row
 * is read and written for every patient event, one per person ever registered, so at national size
 * these rows are the feed's working set: as msgpack maps they took 360 bytes a person (the uuids
 * and dates as text, every field name once per row), and the build slowed to disk speed once they
 * no longer fitted beside the log in the page cache. Here uuids are 16 bytes, dates day numbers,
 * identity numbers 5 bytes, codes one byte, and a link's patient nin one byte when it is the row's
 * own: about a third of the size. Any value outside those shapes is kept as its text, so every row
 * reads back exactly as it was written. The mappers work with `PersonRow` objects and never see this.
 *
 * A row: FORMAT, nin, the number of links (uint16), then per link a flags byte (bit 0: withdrawn),
 * id, gpContractId, patientNin, period.from, period.to, beginCode, endCode. A value: a tag byte
 * and its bytes.
 */
const FORMAT = 1;

const NULL = 0;
/** patientNin equal to the row's nin. */
const SAME = 1;
const UUID = 2;
/** Eleven decimal digits (an identity number), as a 5-byte number. */
const DIGITS11 = 3;
/** A `YYYY-MM-DD` date, as a uint16 day number since 1970-01-01. */
const DATE = 4;
/** One of CODES, by position. */
const CODE = 5;
/** Any other text: uint32 length and its UTF-8 bytes. */
const TEXT = 6;
/** The bytes after each tag (TEXT: its length's; the text's own are checked when known). */
const SIZE = [0, 0, 16, 5, 2, 1, 4];

/**
 * The begin and end codes a link carries. Stored rows name them by position: append only, never
 * reorder (a code missing here is stored as text).
 */
const CODES = [
  'CHOICE',
  'WAITLIST',
  'AUTO_NEW_RESIDENT',
  'NEWBORN',
  'CHILD_WITH_PARENT',
  'MOVE_RETURN_3Y',
  'REDUCTION_MOVE',
  'CONTRACT_END_MOVE',
  'HELFO_MANUAL',
  'INITIAL_2001',
  'NIN_CHANGE',
  'CHANGED',
  'REDUCTION',
  'CONTRACT_ENDED',
  'DEATH',
  'EMIGRATION',
  'OPT_OUT',
  'LOST_ENTITLEMENT',
  'REMOVED_VIOLENCE',
] as const;
const CODE_OF = new Map<string, number>(CODES.map((c, i) => [c, i]));

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** The date `dayOf` was last asked about and its answer: events in log order mostly carry the same date. */
let lastDate = '';
let lastDay = -1;

/** The uint16 day number `value` is stored as, or -1 when it is not a date that reads back as the same text. */
function dayOf(value: string): number {
  if (value === lastDate) return lastDay;
  let day = -1;
  if (DATE_SHAPE.test(value)) {
    day = dayNumber(value);
    if (!(day >= 0 && day < 65536 && dayText(day) === value)) day = -1;
  }
  lastDate = value;
  lastDay = day;
  return day;
}

const isDigits11 = (value: string): boolean => {
  if (value.length !== 11) return false;
  for (let i = 0; i < 11; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

class Writer {
  buffer = Buffer.allocUnsafe(4096);
  at = 0;

  room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + n));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }

  byte(b: number): void {
    this.room(1);
    this.buffer[this.at++] = b;
  }

  text(value: string): void {
    const length = Buffer.byteLength(value, 'utf8');
    this.room(5 + length);
    this.buffer[this.at] = TEXT;
    this.buffer.writeUInt32LE(length, this.at + 1);
    this.buffer.write(value, this.at + 5, 'utf8');
    this.at += 5 + length;
  }

  /** An id: 16 bytes when a lowercase uuid, else text. */
  id(value: string): void {
    const words = uuidWords(value);
    if (words === null) {
      this.text(value);
      return;
    }
    this.room(17);
    this.buffer[this.at] = UUID;
    for (let w = 0; w < 4; w++) this.buffer.writeInt32LE(words[w]!, this.at + 1 + 4 * w);
    this.at += 17;
  }

  nin(value: string | null): void {
    if (value === null) {
      this.byte(NULL);
      return;
    }
    if (!isDigits11(value)) {
      this.text(value);
      return;
    }
    this.room(6);
    this.buffer[this.at] = DIGITS11;
    this.buffer.writeUIntLE(Number(value), this.at + 1, 5);
    this.at += 6;
  }

  date(value: string | null): void {
    if (value === null) {
      this.byte(NULL);
      return;
    }
    const day = dayOf(value);
    if (day < 0) {
      this.text(value);
      return;
    }
    this.room(3);
    this.buffer[this.at] = DATE;
    this.buffer.writeUInt16LE(day, this.at + 1);
    this.at += 3;
  }

  code(value: string | null): void {
    if (value === null) {
      this.byte(NULL);
      return;
    }
    const code = CODE_OF.get(value);
    if (code === undefined) {
      this.text(value);
      return;
    }
    this.room(2);
    this.buffer[this.at] = CODE;
    this.buffer[this.at + 1] = code;
    this.at += 2;
  }
}

const writer = new Writer();

/** A person row as the bytes stored for it (a copy of its own: a held row outlives the next call). */
export function encodePersonRow(row: PersonRow): Buffer {
  const w = writer;
  w.at = 0;
  w.byte(FORMAT);
  w.nin(row.nin);
  checkLinkCount(row.links.length);
  w.room(2);
  w.buffer.writeUInt16LE(row.links.length, w.at);
  w.at += 2;
  for (const link of row.links) writeLink(w, link, row.nin);
  return Buffer.from(w.buffer.subarray(0, w.at));
}

/** A row's link count is a uint16. */
function checkLinkCount(count: number): void {
  if (count > 0xffff) throw new Error(`a person row holds at most 65,535 links`);
}

/** The values of a link after its flags and id: gpContractId, patientNin, from, to, beginCode, endCode. */
const VALUES_AFTER_ID = 6;

/** One link's bytes (`nin`: the row's, which a patient nin equal to it is stored as). */
function writeLink(w: Writer, link: LinkRow, nin: string | null): void {
  const b = link.body;
  w.byte(link.withdrawn ? 1 : 0);
  w.id(b.id);
  w.id(b.gpContractId);
  if (b.patientNin === nin) w.byte(SAME);
  else w.nin(b.patientNin);
  w.date(b.period.from);
  w.date(b.period.to);
  w.code(b.beginCode);
  w.code(b.endCode);
}

class Reader {
  at = 0;
  constructor(private readonly buffer: Buffer) {}

  private tag(): number {
    if (this.at >= this.buffer.length) throw new Error('a person row of the feed is truncated');
    return this.buffer[this.at++]!;
  }

  byte(): number {
    return this.tag();
  }

  uint16(): number {
    this.need(2);
    const n = this.buffer.readUInt16LE(this.at);
    this.at += 2;
    return n;
  }

  private need(n: number): void {
    if (this.at + n > this.buffer.length) throw new Error('a person row of the feed is truncated');
  }

  /** Steps over a value of any tag without reading it. */
  skip(): void {
    const tag = this.tag();
    if (tag === TEXT) {
      this.need(4);
      this.at += 4 + this.buffer.readUInt32LE(this.at);
    } else {
      const size = SIZE[tag];
      if (size === undefined) throw new Error(`a person row of the feed has an unknown value tag ${tag}`);
      this.at += size;
    }
    this.need(0);
  }

  /** Whether the id value here is `id` (`words`: its uuid words, or null), stepping over it. */
  idIs(id: string, words: readonly number[] | null): boolean {
    const b = this.buffer;
    const at = this.at;
    if (words !== null && b[at] === UUID) {
      this.at += 1;
      this.need(16);
      this.at += 16;
      return (
        b.readInt32LE(at + 1) === words[0] &&
        b.readInt32LE(at + 5) === words[1] &&
        b.readInt32LE(at + 9) === words[2] &&
        b.readInt32LE(at + 13) === words[3]
      );
    }
    if (b[at] === TEXT) return this.value() === id;
    this.skip();
    return false;
  }

  /** A value of any tag; `nin` answers SAME. */
  value(nin: string | null = null): string | null {
    const tag = this.tag();
    const b = this.buffer;
    const at = this.at;
    this.need(SIZE[tag] ?? 0);
    switch (tag) {
      case NULL:
        return null;
      case SAME:
        return nin;
      case UUID:
        this.at += 16;
        return uuidOfWords(
          [b.readInt32LE(at), b.readInt32LE(at + 4), b.readInt32LE(at + 8), b.readInt32LE(at + 12)],
          0,
        );
      case DIGITS11:
        this.at += 5;
        return String(b.readUIntLE(at, 5)).padStart(11, '0');
      case DATE:
        this.at += 2;
        return dayText(b.readUInt16LE(at));
      case CODE:
        this.at += 1;
        return CODES[b[at]!]!;
      case TEXT: {
        const length = b.readUInt32LE(at);
        this.at += 4;
        this.need(length);
        this.at += length;
        return b.toString('utf8', at + 4, at + 4 + length);
      }
      default:
        throw new Error(`a person row of the feed has an unknown value tag ${tag}`);
    }
  }
}

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The person row stored as `bytes`. */
export function decodePersonRow(bytes: Uint8Array): PersonRow {
  const r = new Reader(asBuffer(bytes));
  const nin = readHead(r);
  const count = r.uint16();
  const links: LinkRow[] = [];
  for (let i = 0; i < count; i++) links.push(readLink(r, nin));
  return { nin, links };
}

/** The format byte (checked) and the row's identity number. */
function readHead(r: Reader): string | null {
  const format = r.byte();
  if (format !== FORMAT) throw new Error(`a person row of the feed in format ${format}, not ${FORMAT}`);
  return r.value();
}

function readLink(r: Reader, nin: string | null): LinkRow {
  const withdrawn = (r.byte() & 1) === 1;
  const id = r.value() as string;
  const gpContractId = r.value() as string;
  const patientNin = r.value(nin) as string;
  const from = r.value() as string;
  const to = r.value();
  const beginCode = r.value() as string;
  const endCode = r.value();
  const link: LinkRow = {
    body: { id, gpContractId, patientNin, period: { from, to }, beginCode, endCode },
  };
  if (withdrawn) link.withdrawn = true;
  return link;
}

/*
 * Reading and changing one link in the stored bytes: what the patient events do to a row, without
 * decoding and re-encoding every link it holds (a person has several over 25 years, each two uuids
 * and two dates as text). Each gives the bytes `encodePersonRow` writes for the row changed the same
 * way (person-row-codec.spec.ts checks them against it on random rows).
 */

/** The row's identity number, its links not read. */
export function personRowNin(bytes: Uint8Array): string | null {
  return readHead(new Reader(asBuffer(bytes)));
}

/** `bytes` (undefined: no row yet, as `{ nin: null, links: [] }`) with `link` added after its links. */
export function withLinkAppended(bytes: Uint8Array | undefined, link: LinkRow): Buffer {
  if (bytes === undefined) return encodePersonRow({ nin: null, links: [link] });
  const r = new Reader(asBuffer(bytes));
  const nin = readHead(r);
  const countAt = r.at;
  const count = r.uint16();
  checkLinkCount(count + 1);
  const w = writer;
  w.at = 0;
  writeLink(w, link, nin);
  const out = Buffer.allocUnsafe(bytes.length + w.at);
  out.set(bytes, 0);
  out.writeUInt16LE(count + 1, countAt);
  w.buffer.copy(out, bytes.length, 0, w.at);
  return out;
}

/** A link found in a row's bytes: as `decodePersonRow` reads it, and where its bytes are. */
export interface FoundLink {
  readonly link: LinkRow;
  readonly nin: string | null;
  readonly start: number;
  readonly end: number;
}

/** The row's last link with id `associationId`, or undefined (as the last such in `decodePersonRow`'s links). */
export function findLink(bytes: Uint8Array, associationId: string): FoundLink | undefined {
  const r = new Reader(asBuffer(bytes));
  const nin = readHead(r);
  const count = r.uint16();
  const words = uuidWords(associationId);
  let start = -1;
  let end = -1;
  for (let i = 0; i < count; i++) {
    const at = r.at;
    r.byte();
    const match = r.idIs(associationId, words);
    for (let v = 0; v < VALUES_AFTER_ID; v++) r.skip();
    if (match) {
      start = at;
      end = r.at;
    }
  }
  if (start < 0) return undefined;
  r.at = start;
  return { link: readLink(r, nin), nin, start, end };
}

/** `bytes` with the link `found` in them replaced by `link`. */
export function withLinkReplaced(bytes: Uint8Array, found: FoundLink, link: LinkRow): Buffer {
  const w = writer;
  w.at = 0;
  writeLink(w, link, found.nin);
  const out = Buffer.allocUnsafe(bytes.length - (found.end - found.start) + w.at);
  out.set(bytes.subarray(0, found.start), 0);
  w.buffer.copy(out, found.start, 0, w.at);
  out.set(bytes.subarray(found.end), found.start + w.at);
  return out;
}
