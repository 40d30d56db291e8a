import type { RecordedEvent } from '@flr/event-store';

/**
 * ReadResp messages encoded straight to protobuf bytes (streams.proto), for the read path: one
 * allocation per message instead of a tree of google-protobuf objects and their BinaryWriter.
 * Same bytes as `ReadResp.serializeBinary()` (checked in read-encoding.spec.ts), so the client cannot
 * tell; the Read method's serializer passes these buffers through (server.ts).
 *
 * ReadResp { ReadEvent event = 1 }
 * ReadEvent { RecordedEvent event = 1; RecordedEvent link = 2; uint64 commit_position = 3 }
 * RecordedEvent { UUID id = 1; StreamIdentifier stream_identifier = 2; uint64 stream_revision = 3;
 *   uint64 prepare_position = 4; uint64 commit_position = 5; map<string,string> metadata = 6;
 *   bytes custom_metadata = 7; bytes data = 8 }
 * UUID { string string = 2 }   StreamIdentifier { bytes stream_name = 3 }
 */

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/** The bytes of one RecordedEvent's variable parts, measured once and written once. */
interface EventParts {
  readonly id: string;
  readonly idLen: number;
  readonly stream: string;
  readonly streamLen: number;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly typeLen: number;
  readonly contentType: string;
  readonly created: string;
  /** JSON text (written as UTF-8), or raw bytes. */
  readonly data: string | Uint8Array;
  readonly dataLen: number;
  readonly metadata: string | Uint8Array;
  readonly metadataLen: number;
  readonly size: number;
}

const JSON_TYPE = 'application/json';
const BINARY_TYPE = 'application/octet-stream';
const RAW_METADATA_KEY = '$esdbRawMetadata';

const lenField = (field: number, len: number) => varintSize(tag(field, WIRE_LEN)) + varintSize(len) + len;
const varintField = (field: number, value: number) =>
  value === 0 ? 0 : varintSize(tag(field, WIRE_VARINT)) + varintSize(value);
const byteLength = (value: string | Uint8Array) =>
  typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;

function metadataOf(event: RecordedEvent): string | Uint8Array {
  const metadata = event.metadata;
  if (!metadata) return '';
  let keys = 0;
  for (const _ in metadata) keys++;
  if (keys === 0) return '';
  const raw = metadata[RAW_METADATA_KEY];
  if (keys === 1 && typeof raw === 'string') return Buffer.from(raw, 'base64');
  return JSON.stringify(metadata);
}

function dataOf(event: RecordedEvent): string | Uint8Array {
  if (event.data instanceof Uint8Array) return event.data;
  if (!event.isJson) return '';
  return JSON.stringify(event.data) ?? '';
}

function mapEntrySize(keyLen: number, valueLen: number): number {
  return lenField(6, lenField(1, keyLen) + lenField(2, valueLen));
}

function partsOf(event: RecordedEvent): EventParts {
  const data = dataOf(event);
  const metadata = metadataOf(event);
  const dataLen = byteLength(data);
  const metadataLen = byteLength(metadata);
  const idLen = Buffer.byteLength(event.id, 'utf8');
  const streamLen = Buffer.byteLength(event.stream, 'utf8');
  const typeLen = Buffer.byteLength(event.type, 'utf8');
  const contentType = event.isJson ? JSON_TYPE : BINARY_TYPE;
  // .NET ticks since the Unix epoch: milliseconds × 10,000, written as digits (no BigInt per event).
  const ms = event.recordedAt.getTime();
  const created = ms === 0 ? '0' : `${ms}0000`;
  const revision = Number(event.revision);
  const position = Number(event.position);
  const size =
    lenField(1, lenField(2, idLen)) +
    lenField(2, lenField(3, streamLen)) +
    varintField(3, revision) +
    varintField(4, position) * 2 +
    mapEntrySize(12, contentType.length) +
    mapEntrySize(7, created.length) +
    mapEntrySize(4, typeLen) +
    (metadataLen > 0 ? lenField(7, metadataLen) : 0) +
    (dataLen > 0 ? lenField(8, dataLen) : 0);
  return {
    id: event.id,
    idLen,
    stream: event.stream,
    streamLen,
    revision,
    position,
    type: event.type,
    typeLen,
    contentType,
    created,
    data,
    dataLen,
    metadata,
    metadataLen,
    size,
  };
}

/** A forward-only protobuf writer over one exactly-sized buffer. */
class Writer {
  constructor(
    readonly buffer: Buffer,
    public offset = 0,
  ) {}

  varint(value: number): void {
    while (value >= 128) {
      this.buffer[this.offset++] = (value % 128) | 128;
      value = Math.floor(value / 128);
    }
    this.buffer[this.offset++] = value;
  }

  header(field: number, len: number): void {
    this.varint(tag(field, WIRE_LEN));
    this.varint(len);
  }

  bytes(field: number, value: string | Uint8Array, len: number): void {
    this.header(field, len);
    if (typeof value === 'string') this.buffer.write(value, this.offset, len, 'utf8');
    else this.buffer.set(value, this.offset);
    this.offset += len;
  }

  uint(field: number, value: number): void {
    if (value === 0) return;
    this.varint(tag(field, WIRE_VARINT));
    this.varint(value);
  }

  mapEntry(key: string, keyLen: number, value: string, valueLen: number): void {
    this.header(6, lenField(1, keyLen) + lenField(2, valueLen));
    this.bytes(1, key, keyLen);
    this.bytes(2, value, valueLen);
  }

  recordedEvent(field: number, p: EventParts): void {
    this.header(field, p.size);
    this.header(1, lenField(2, p.idLen));
    this.bytes(2, p.id, p.idLen);
    this.header(2, lenField(3, p.streamLen));
    this.bytes(3, p.stream, p.streamLen);
    this.uint(3, p.revision);
    this.uint(4, p.position);
    this.uint(5, p.position);
    // google-protobuf writes map entries in key order: content-type, created, type.
    this.mapEntry('content-type', 12, p.contentType, p.contentType.length);
    this.mapEntry('created', 7, p.created, p.created.length);
    this.mapEntry('type', 4, p.type, p.typeLen);
    if (p.metadataLen > 0) this.bytes(7, p.metadata, p.metadataLen);
    if (p.dataLen > 0) this.bytes(8, p.data, p.dataLen);
  }
}

/** A ReadResp measured and ready to be written: its exact size in bytes. */
export interface PreparedReadResp {
  readonly size: number;
  readonly readEventSize: number;
  readonly event: EventParts;
  readonly link: EventParts | undefined;
  readonly commit: number;
}

/** Measures `ReadResp { event: ReadEvent { event, link?, commit_position } }`. */
export function prepareReadEventResp(
  event: RecordedEvent,
  position: bigint,
  link?: RecordedEvent,
): PreparedReadResp {
  const eventParts = partsOf(event);
  const linkParts = link ? partsOf(link) : undefined;
  const commit = Number(position);
  const readEventSize =
    lenField(1, eventParts.size) +
    (linkParts ? lenField(2, linkParts.size) : 0) +
    varintSize(tag(3, WIRE_VARINT)) +
    varintSize(commit);
  return { size: lenField(1, readEventSize), readEventSize, event: eventParts, link: linkParts, commit };
}

/** Writes a prepared ReadResp into `target` at `offset` (exactly `prepared.size` bytes). */
export function writeReadEventResp(prepared: PreparedReadResp, target: Buffer, offset: number): void {
  const writer = new Writer(target, offset);
  writer.header(1, prepared.readEventSize);
  writer.recordedEvent(1, prepared.event);
  if (prepared.link) writer.recordedEvent(2, prepared.link);
  // commit_position is in a oneof: written even when 0.
  writer.varint(tag(3, WIRE_VARINT));
  writer.varint(prepared.commit);
}

/** `ReadResp { event: ReadEvent { event, link?, commit_position } }` as its own protobuf buffer. */
export function encodeReadEventResp(event: RecordedEvent, position: bigint, link?: RecordedEvent): Buffer {
  const prepared = prepareReadEventResp(event, position, link);
  const buffer = Buffer.allocUnsafe(prepared.size);
  writeReadEventResp(prepared, buffer, 0);
  return buffer;
}
