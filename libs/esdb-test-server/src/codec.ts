import type { EventData, RecordedEvent } from '@flr/event-store';
import { sharedPb, streamsPb } from './proto';

/** Binary or non-object custom metadata survives the port (which stores objects) under this key. */
const RAW_METADATA_KEY = '$esdbRawMetadata';
const TICKS_PER_MS = 10_000n;

export function uuidToString(uuid: {
  hasString(): boolean;
  getString(): string;
  getStructured(): any;
}): string {
  if (uuid.hasString()) return uuid.getString();
  const s = uuid.getStructured();
  const hex = (v: string) => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
  const h = hex(s.getMostSignificantBits()) + hex(s.getLeastSignificantBits());
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function uuidMessage(id: string): InstanceType<typeof sharedPb.UUID> {
  return new sharedPb.UUID().setString(id);
}

export function streamNameOf(identifier: { getStreamName_asU8(): Uint8Array } | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

export function streamIdentifier(name: string): InstanceType<typeof sharedPb.StreamIdentifier> {
  return new sharedPb.StreamIdentifier().setStreamName(new Uint8Array(Buffer.from(name, 'utf8')));
}

/** What a client proposes in Append/BatchAppend, before validation. */
export interface ProposedEvent {
  id: string;
  type: string | undefined;
  contentType: string | undefined;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export function proposedFromMessage(message: {
  getId(): any;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}): ProposedEvent {
  const map = message.getMetadataMap();
  return {
    id: message.getId() ? uuidToString(message.getId()) : '',
    type: map.get('type'),
    contentType: map.get('content-type'),
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

/**
 * The size EventStoreDB 24.10 counts against MaxAppendSize for one event: the data bytes only.
 * The server's `Event.SizeOnDisk` reads `data?.Length ?? 0 + metadata?.Length ?? 0 + type.Length * 2`,
 * and since `??` binds looser than `+`, a non-null data array (gRPC always gives one) is the whole
 * result: type and metadata are not counted. So 30,000 small events fit in one append there, and here.
 */
export function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length;
}

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(bytes).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/**
 * The port stores JSON values for JSON events and objects as metadata. EventStoreDB stores bytes and an
 * isJson flag, so JSON that does not parse is kept as binary, and metadata that is not a JSON object is
 * kept base64-encoded under a reserved key and restored on read.
 */
export function toEventData(event: ProposedEvent): EventData {
  const json = event.contentType === 'application/json' ? parseJson(event.data) : { ok: false as const };
  let metadata: Record<string, unknown> | undefined;
  if (event.customMetadata.length > 0) {
    const parsed = parseJson(event.customMetadata);
    metadata =
      parsed.ok && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
        ? (parsed.value as Record<string, unknown>)
        : { [RAW_METADATA_KEY]: Buffer.from(event.customMetadata).toString('base64') };
  }
  return {
    id: event.id,
    type: event.type ?? '',
    data: json.ok ? json.value : new Uint8Array(event.data),
    contentType: json.ok ? 'application/json' : 'application/octet-stream',
    ...(metadata ? { metadata } : {}),
  };
}

export function dataBytes(event: RecordedEvent): Uint8Array {
  if (event.data instanceof Uint8Array) return event.data;
  if (!event.isJson) return new Uint8Array(0);
  return new Uint8Array(Buffer.from(JSON.stringify(event.data) ?? '', 'utf8'));
}

function metadataBytes(metadata: Record<string, unknown>): Uint8Array {
  const raw = metadata[RAW_METADATA_KEY];
  if (typeof raw === 'string' && Object.keys(metadata).length === 1) return Buffer.from(raw, 'base64');
  if (Object.keys(metadata).length === 0) return new Uint8Array(0);
  return new Uint8Array(Buffer.from(JSON.stringify(metadata), 'utf8'));
}

export function ticksOf(date: Date): string {
  return (BigInt(date.getTime()) * TICKS_PER_MS).toString();
}

/** The RecordedEvent message of Streams/Read, or (same fields) of PersistentSubscriptions/Read. */
export function recordedEventMessage<M = InstanceType<typeof streamsPb.ReadResp.ReadEvent.RecordedEvent>>(
  event: RecordedEvent,
  Message: new () => any = streamsPb.ReadResp.ReadEvent.RecordedEvent,
): M {
  const message = new Message()
    .setId(uuidMessage(event.id))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setData(dataBytes(event))
    .setCustomMetadata(metadataBytes(event.metadata ?? {}));
  const map = message.getMetadataMap();
  map.set('type', event.type);
  map.set('content-type', event.isJson ? 'application/json' : 'application/octet-stream');
  map.set('created', ticksOf(event.recordedAt));
  return message;
}
