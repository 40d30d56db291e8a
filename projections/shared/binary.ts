/**
 * A small binary codec for snapshots of compact read models: length-prefixed sections of typed
 * array bytes, newline-joined strings (in chunks, to stay far below V8's string length limit) and
 * JSON for the few irregular parts.
 */
const STRING_CHUNK = 1 << 20;

type Typed = Int32Array | Float64Array | Uint8Array;

export class BinaryWriter {
  readonly parts: Buffer[] = [];

  private length(n: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(n);
    this.parts.push(b);
  }

  bytes(bytes: Buffer): this {
    this.length(bytes.length);
    this.parts.push(bytes);
    return this;
  }

  typed(array: Typed, count: number): this {
    return this.bytes(Buffer.from(array.buffer, array.byteOffset, count * array.BYTES_PER_ELEMENT));
  }

  strings(values: readonly string[]): this {
    for (const value of values)
      if (value.includes('\n')) throw new Error('a snapshot string may not contain a newline');
    const chunks = Math.ceil(values.length / STRING_CHUNK);
    this.length(values.length);
    for (let c = 0; c < chunks; c++)
      this.bytes(Buffer.from(values.slice(c * STRING_CHUNK, (c + 1) * STRING_CHUNK).join('\n'), 'utf8'));
    return this;
  }

  json(value: unknown): this {
    return this.bytes(Buffer.from(JSON.stringify(value), 'utf8'));
  }
}

export class BinaryReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  private length(): number {
    if (this.offset + 4 > this.buffer.length) throw new Error('snapshot is truncated');
    const n = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return n;
  }

  bytes(): Buffer {
    const n = this.length();
    if (this.offset + n > this.buffer.length) throw new Error('snapshot is truncated');
    const out = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  int32(): Int32Array<ArrayBuffer> {
    return copy(this.bytes(), (n) => new Int32Array(n), 4);
  }

  float64(): Float64Array<ArrayBuffer> {
    return copy(this.bytes(), (n) => new Float64Array(n), 8);
  }

  uint8(): Uint8Array<ArrayBuffer> {
    return Uint8Array.from(this.bytes());
  }

  strings(): string[] {
    const count = this.length();
    const out: string[] = [];
    while (out.length < count) {
      const text = this.bytes().toString('utf8');
      for (const value of text.split('\n')) out.push(value);
    }
    if (out.length !== count) throw new Error('snapshot string section does not match its count');
    return out;
  }

  json<T>(): T {
    return JSON.parse(this.bytes().toString('utf8')) as T;
  }

  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}

/** Copies into a fresh, aligned typed array (a section's bytes need not be aligned in the file). */
function copy<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(
  bytes: Buffer,
  make: (n: number) => T,
  size: number,
): T {
  if (bytes.length % size !== 0) throw new Error('snapshot section has a partial element');
  const out = make(bytes.length / size);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
