import { InvalidEventError, MaxAppendSizeExceededError } from './errors';
import { plainJsonSize } from './plain-json';
import type { EventData } from './port';

/** EventStoreDB's default MaxAppendSize (ESDB-PROTOCOL §2.1). */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;
/** LMDB keys are limited to ~2 KB; the stream name is part of the stream-index key. */
export const MAX_STREAM_NAME_BYTES = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A proposed event after validation: id lower-cased, JSON data normalised to what a JSON round trip gives. */
export interface ValidEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
  readonly isJson: boolean;
}

export function validateStreamName(stream: unknown): asserts stream is string {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new InvalidEventError('invalid-stream', 'the stream name must be a non-empty string');
  }
  if (stream === '$all') throw new InvalidEventError('invalid-stream', '$all cannot be written to');
  if (Buffer.byteLength(stream) > MAX_STREAM_NAME_BYTES) {
    throw new InvalidEventError(
      'invalid-stream',
      `stream names are limited to ${MAX_STREAM_NAME_BYTES} bytes`,
    );
  }
}

/**
 * Validates a whole append before anything is written: one bad event refuses the append.
 * JSON data is normalised through JSON so every adapter returns the same value (a Date becomes
 * its ISO string, undefined properties vanish), and its size is measured like EventStoreDB 24.10's:
 * only data bytes count towards the maximum append size (the server's `Event.SizeOnDisk` adds type and
 * metadata after a `??`, so they never count), and 30,000 small events fit in one append.
 */
export function validateAppend(
  stream: unknown,
  events: unknown,
  maxAppendSize: number = DEFAULT_MAX_APPEND_SIZE,
): ValidEvent[] {
  validateStreamName(stream);
  if (!Array.isArray(events)) throw new InvalidEventError('invalid-data', 'events must be an array');
  const valid: ValidEvent[] = new Array(events.length);
  let size = 0;
  for (let i = 0; i < events.length; i++) {
    size += validateEventInto(events[i], i, valid, i);
    if (size > maxAppendSize) throw new MaxAppendSizeExceededError(maxAppendSize);
  }
  return valid;
}

/**
 * Validates one proposed event (`index` names it in errors) and stores its valid form at `into[at]`;
 * returns the bytes it counts towards the append size (its data). One event, one object: the bulk
 * import validates tens of millions this way without an array per event. With `bound`, JSON data's
 * strings count 3 bytes a character (`plainJsonSize`): an upper bound of the size, cheaper to get.
 */
export function validateEventInto(
  event: unknown,
  index: number,
  into: ValidEvent[],
  at: number,
  bound = false,
): number {
  if (event === null || typeof event !== 'object') {
    throw new InvalidEventError('invalid-data', `event #${index} is not an object`);
  }
  const { id, type, contentType, data: input, metadata: inputMetadata } = event as Partial<EventData>;
  if (typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidEventError('invalid-id', `event #${index} has no valid uuid id`);
  }
  if (typeof type !== 'string' || type.length === 0) {
    throw new InvalidEventError('missing-type', `event #${index} has no type`);
  }
  const isJson = contentType === undefined || contentType === 'application/json';
  if (!isJson && contentType !== 'application/octet-stream') {
    throw new InvalidEventError('invalid-data', `event #${index} has an unknown content type`);
  }
  let data: unknown;
  let size: number;
  if (isJson) {
    const normalised = normaliseJson(input, bound);
    if (!normalised) throw new InvalidEventError('invalid-json', `event #${index} data is not JSON`);
    size = normalised.size;
    data = normalised.value;
  } else {
    if (!(input instanceof Uint8Array)) {
      throw new InvalidEventError('invalid-data', `event #${index} binary data must be a Uint8Array`);
    }
    size = input.byteLength;
    data = input;
  }
  let metadata: Record<string, unknown> = {};
  if (inputMetadata !== undefined) {
    const normalised = isPlainObject(inputMetadata) ? normaliseJson(inputMetadata, true) : undefined;
    if (!normalised) {
      throw new InvalidEventError('invalid-metadata', `event #${index} metadata is not a JSON object`);
    }
    metadata = normalised.value as Record<string, unknown>;
  }
  into[at] = { id: id.toLowerCase(), type, data, metadata, isJson };
  return size;
}

/**
 * The value as JSON would give it back, and its size. Plain values are kept as they are (the caller
 * must not mutate event data until the append resolves); others go through a JSON round trip, so a
 * Date becomes its ISO string and undefined properties vanish, as with EventStoreDB.
 */
function normaliseJson(value: unknown, bound: boolean): { value: unknown; size: number } | undefined {
  const size = plainJsonSize(value, 0, bound);
  if (size >= 0) return { value, size };
  const json = toJson(value);
  return json === undefined ? undefined : { value: JSON.parse(json), size: Buffer.byteLength(json) };
}

function toJson(value: unknown): string | undefined {
  try {
    const json = JSON.stringify(value);
    return typeof json === 'string' ? json : undefined;
  } catch {
    return undefined; // cycles, BigInt
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
