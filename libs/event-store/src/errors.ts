import type { ExpectedRevision } from './port';

export class EventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream's revision did not match the expected one. `actual` is 'no_stream' for a missing stream. */
export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Wrong expected version on ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends EventStoreError {
  constructor(readonly stream: string) {
    super(`Stream ${stream} not found`);
  }
}

export class StreamDeletedError extends EventStoreError {
  constructor(readonly stream: string) {
    super(`Stream ${stream} is deleted`);
  }
}

/** A malformed event: no type, data not JSON where JSON is declared, or too large. Nothing is written. */
export class InvalidEventError extends EventStoreError {
  constructor(
    readonly reason:
      | 'missing-type'
      | 'invalid-json'
      | 'invalid-id'
      | 'invalid-stream'
      | 'invalid-data'
      | 'invalid-metadata',
    detail: string,
  ) {
    super(`Invalid event (${reason}): ${detail}`);
  }
}

export class MaxAppendSizeExceededError extends EventStoreError {
  constructor(readonly maxAppendSize: number) {
    super(`Append exceeds the maximum append size of ${maxAppendSize} bytes`);
  }
}

/** Another store instance (in this or another process) is writing to the same data directory. */
export class StoreLockedError extends EventStoreError {
  constructor(
    readonly path: string,
    readonly holderPid: number,
  ) {
    super(
      `The event store in ${path} is being written by process ${holderPid}; only one writer is allowed ` +
        '(if that process is no event store, remove writer.lock in that directory)',
    );
  }
}
