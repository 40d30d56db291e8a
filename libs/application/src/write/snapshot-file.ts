import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { Packr } from 'msgpackr';

/**
 * A checksummed file of msgpack frames, written and read one frame at a time (memory bounded by a
 * frame, not the file): `[u32 length][msgpack]` frames, the last one `['end', frames, crc32]` over
 * every byte before it. Between them, blocks of raw bytes (`[u32 RAW][u32 length][bytes]`, the
 * flat columns of a view) are read straight into memory the reader gives for them: no decoding, no
 * second copy. Written beside the target and renamed into place after an fsync, so a crash
 * leaves the old file or the new one, never half of one. The checksum finds damage (a torn or
 * flipped write), not forgery: CRC-32 runs at memory speed where SHA-256 took seconds of a national
 * start (1.2 GB of writer view).
 */
/**
 * Objects as msgpackr records: each frame defines the shapes of its objects once (keys are not
 * repeated per object), and decoding a record is several times faster than a map of the same keys.
 * `structuredClone` writes an object that a frame holds more than once (the same object, not an
 * equal one) once, and reads it back as one object: the writer view's contract records share each
 * doctor period between the states that follow it (evolve copies the array, not the periods), so a
 * national view's frames of them are 2.4 times smaller and decode about 3 times faster, and the
 * restored view shares them as the folded one did. Frames hold no Map or Set (they would come back
 * as Map and Set, no longer as plain objects).
 */
const packr = new Packr({ useRecords: true, mapsAsObjects: true, moreTypes: false, structuredClone: true });

/** CRC-32 over everything given to `update`, in order. */
class RunningCrc {
  private value = 0;

  update(bytes: Uint8Array): this {
    // zlib.crc32 of no bytes in an empty buffer gives 0, not the running value.
    if (bytes.byteLength > 0) this.value = crc32(bytes, this.value);
    return this;
  }

  digest(): string {
    return `crc32:${this.value.toString(16).padStart(8, '0')}`;
  }
}
const END = 'end';
/** Frames are written far below this; a larger length can only be damage. */
const MAX_FRAME_BYTES = 256 * 1024 * 1024;
/** In place of a frame's length: a block of raw bytes follows (its length next). */
const RAW = 0xffff_ffff;
/**
 * Raw bytes are read and checksummed this much at a time: small enough for the checksum to find
 * the bytes just read still in the cache, large enough for few system calls.
 */
const READ_CHUNK = 1024 * 1024;

export class SnapshotWriter {
  private readonly fd: number;
  private readonly hash = new RunningCrc();
  private readonly temporary: string;
  private frames = 0;

  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.temporary = `${path}.${process.pid}.tmp`;
    this.fd = openSync(this.temporary, 'w');
  }

  write(frame: unknown): void {
    const body = packr.pack(frame);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(body.length);
    this.hash.update(length).update(body);
    writeSync(this.fd, length);
    writeSync(this.fd, body);
    this.frames++;
  }

  /** Writes a block of raw bytes (the reader's `onBytes` gives where they go). */
  writeBytes(cells: ArrayBufferView): void {
    const bytes = new Uint8Array(cells.buffer, cells.byteOffset, cells.byteLength);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(RAW, 0);
    head.writeUInt32LE(bytes.byteLength, 4);
    this.hash.update(head).update(bytes);
    writeSync(this.fd, head);
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(this.fd, bytes, at);
    this.frames++;
  }

  /** Writes the checksum, syncs and renames the file into place. */
  commit(): void {
    const body = packr.pack([END, this.frames, this.hash.digest()]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(body.length);
    writeSync(this.fd, length);
    writeSync(this.fd, body);
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.temporary, this.path);
    const folder = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.temporary, { force: true });
  }
}

/** Why a snapshot file could not be read; the caller rebuilds from the log instead. */
export class CorruptSnapshotError extends Error {}

/**
 * Reads the frames of a snapshot file in order; each block of raw bytes is read into the memory
 * `onBytes` gives for its length (exactly that many bytes). The checksum is only known at the end,
 * so callers build a fresh object from the frames and use it only once `readSnapshotFrames`
 * returned normally.
 */
export function readSnapshotFrames(
  path: string,
  onFrame: (frame: unknown) => void,
  onBytes: (length: number) => Uint8Array = () => {
    throw new CorruptSnapshotError('raw bytes where none are expected');
  },
): void {
  const fd = openSync(path, 'r');
  const hash = new RunningCrc();
  const lengthBytes = Buffer.alloc(4);
  let frames = 0;
  const readFully = (into: Uint8Array, what: string) => {
    for (let at = 0; at < into.byteLength; ) {
      const end = Math.min(into.byteLength, at + READ_CHUNK);
      const chunk = into.subarray(at, end);
      if (readSync(fd, chunk, 0, chunk.byteLength, null) !== chunk.byteLength)
        throw new CorruptSnapshotError(`${what} is cut off`);
      hash.update(chunk);
      at = end;
    }
  };
  try {
    for (;;) {
      if (readSync(fd, lengthBytes, 0, 4, null) !== 4) throw new CorruptSnapshotError('the file ends early');
      const length = lengthBytes.readUInt32LE(0);
      if (length === RAW) {
        hash.update(lengthBytes);
        readFully(lengthBytes, 'a block length');
        const target = onBytes(lengthBytes.readUInt32LE(0));
        if (target.byteLength !== lengthBytes.readUInt32LE(0))
          throw new CorruptSnapshotError('a block of bytes has no place of its size');
        readFully(target, 'a block of bytes');
        frames++;
        continue;
      }
      if (length > MAX_FRAME_BYTES) throw new CorruptSnapshotError(`a frame claims ${length} bytes`);
      // Every byte is read into it before use.
      const body = Buffer.allocUnsafe(length);
      if (readSync(fd, body, 0, length, null) !== length)
        throw new CorruptSnapshotError('a frame is cut off');
      let frame: unknown;
      try {
        frame = packr.unpack(body);
      } catch (error) {
        throw new CorruptSnapshotError(`a frame does not decode: ${(error as Error).message}`);
      }
      if (Array.isArray(frame) && frame[0] === END && frame.length === 3) {
        if (frame[1] !== frames || frame[2] !== hash.digest()) {
          throw new CorruptSnapshotError('the checksum does not match the content');
        }
        if (readSync(fd, lengthBytes, 0, 1, null) !== 0)
          throw new CorruptSnapshotError('bytes after the end');
        return;
      }
      hash.update(lengthBytes).update(body);
      frames++;
      onFrame(frame);
    }
  } finally {
    closeSync(fd);
  }
}
