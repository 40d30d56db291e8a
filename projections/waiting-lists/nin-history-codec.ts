/** A person's nins with the record time each became theirs (S45); `asOf` shows the one known then. */
export type NinHistory = { nin: string; recordedAt: number }[];

const FORMAT = 1;

/**
 * The stored form of the waiting lists' nin rows (`['pn', personId]`): bytes, not a msgpack array,
 * so that a first build can hold them in its thread's memory (`holdInFirstBuild`, which holds byte
 * rows). There is one per person ever registered, written in no key order as persons register: at
 * national size (9.1 M rows) writing them into the read model transaction after transaction rewrote
 * a random page of its B-tree for nearly every registration.
 *
 * FORMAT, the number of entries (uint16), then per entry its record time (float64, epoch ms) and the
 * nin's UTF-8 bytes after their length (uint16). Any text reads back exactly as written.
 */
export function encodeNinHistory(history: NinHistory): Buffer {
  if (history.length > 0xffff) throw new RangeError('a nin history holds at most 65,535 nins');
  let size = 3;
  for (const entry of history) size += 10 + Buffer.byteLength(entry.nin, 'utf8');
  const out = Buffer.allocUnsafe(size);
  out[0] = FORMAT;
  out.writeUInt16LE(history.length, 1);
  let at = 3;
  for (const entry of history) {
    out.writeDoubleLE(entry.recordedAt, at);
    const length = Buffer.byteLength(entry.nin, 'utf8');
    if (length > 0xffff) throw new RangeError('a nin of more than 65,535 bytes');
    out.writeUInt16LE(length, at + 8);
    out.write(entry.nin, at + 10, 'utf8');
    at += 10 + length;
  }
  return out;
}

/** The nin history stored as `bytes` (encodeNinHistory). */
export function decodeNinHistory(bytes: Uint8Array): NinHistory {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 3 || buffer[0] !== FORMAT)
    throw new Error(`a waiting list nin row in format ${buffer[0]}, not ${FORMAT}`);
  const count = buffer.readUInt16LE(1);
  const history: NinHistory = [];
  let at = 3;
  for (let i = 0; i < count; i++) {
    const recordedAt = buffer.readDoubleLE(at);
    const length = buffer.readUInt16LE(at + 8);
    if (at + 10 + length > buffer.length) throw new Error('a waiting list nin row cut short');
    history.push({ nin: buffer.toString('utf8', at + 10, at + 10 + length), recordedAt });
    at += 10 + length;
  }
  if (at !== buffer.length) throw new Error('a waiting list nin row with bytes after its last nin');
  return history;
}
