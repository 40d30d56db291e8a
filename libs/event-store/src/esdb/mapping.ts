import {
  binaryEvent,
  type EventData as ClientEventData,
  jsonEvent,
  MaxAppendSizeExceededError as ClientMaxAppendSize,
  type ResolvedEvent,
  StreamDeletedError as ClientStreamDeleted,
  StreamNotFoundError as ClientStreamNotFound,
  WrongExpectedVersionError as ClientWrongExpectedVersion,
} from '@eventstore/db-client';
import {
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors';
import type { EventFilter, ExpectedRevision, RecordedEvent } from '../port';
import type { ValidEvent } from '../validation';

/** A validated event (the shared validation: every adapter refuses the same input) for the client. */
export function toClientEvent(event: ValidEvent): ClientEventData {
  const metadata = Object.keys(event.metadata).length > 0 ? { metadata: event.metadata } : {};
  if (!event.isJson) {
    return binaryEvent({ id: event.id, type: event.type, data: event.data as Uint8Array, ...metadata });
  }
  return jsonEvent({ id: event.id, type: event.type, data: event.data as any, ...metadata });
}

/** A stored event as the port sees it; `undefined` for a link whose target is gone. */
export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const metadata =
    event.metadata && !(event.metadata instanceof Uint8Array) && typeof event.metadata === 'object'
      ? (event.metadata as Record<string, unknown>)
      : {};
  return {
    id: event.id,
    type: event.type,
    data: event.isJson ? event.data : new Uint8Array(event.data as Uint8Array),
    metadata,
    stream: event.streamId,
    revision: event.revision,
    position: event.position?.commit ?? resolved.commitPosition ?? 0n,
    recordedAt: event.created,
    isJson: event.isJson,
  };
}

/** The client's typed errors become the port's; anything else passes through unchanged. */
export function toPortError(error: unknown, stream: string, expected: ExpectedRevision): unknown {
  if (error instanceof ClientWrongExpectedVersion) {
    const actual = error.actualVersion;
    return new WrongExpectedVersionError(stream, expected, typeof actual === 'bigint' ? actual : 'no_stream');
  }
  if (error instanceof ClientStreamDeleted) return new StreamDeletedError(stream);
  if (error instanceof ClientStreamNotFound) return new StreamNotFoundError(stream);
  if (error instanceof ClientMaxAppendSize) return new MaxAppendSizeExceededError(error.maxAppendSize);
  return error;
}

export const isSystemStream = (stream: string): boolean => stream.startsWith('$');

/** The port's filter semantics (ESDB-PROTOCOL §2.6): non-empty regex wins, regex unanchored, prefixes OR-ed. */
export function matchesFilter(filter: EventFilter | undefined, event: RecordedEvent): boolean {
  if (!filter) return true;
  const test = (regex: string | undefined, prefixes: readonly string[] | undefined, subject: string) =>
    regex
      ? new RegExp(regex).test(subject)
      : !prefixes?.length || prefixes.some((p) => subject.startsWith(p));
  return (
    test(filter.streamNameRegex, filter.streamNamePrefix, event.stream) &&
    test(filter.eventTypeRegex, filter.eventTypePrefix, event.type)
  );
}
