/**
 * The EventStore port: EventStoreDB's semantics as the client sees them (ESDB-PROTOCOL.md §2).
 * Every adapter (embedded LMDB, EventStoreDB via @eventstore/db-client) implements it and passes
 * the one conformance suite.
 */

/** A position in `$all`: strictly increasing, opaque to callers, serialised as a decimal string. */
export type Position = bigint;

/** Expected revision of a stream before an append, delete or tombstone. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type ContentType = 'application/json' | 'application/octet-stream';

/** An event proposed for append. `id` is a uuid and the idempotency key. */
export interface EventData<T = unknown, M extends Record<string, unknown> = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  /** JSON value when contentType is JSON (the default), otherwise a Uint8Array. */
  readonly data: T;
  readonly metadata?: M;
  readonly contentType?: ContentType;
}

/** The envelope of a stored event. */
export interface RecordedEvent<T = unknown, M extends Record<string, unknown> = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  readonly data: T;
  readonly metadata: M;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly recordedAt: Date;
  readonly isJson: boolean;
}

export interface AppendOptions {
  /** Default 'any'. */
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the last event in the stream after the append. */
  readonly nextExpectedRevision: bigint;
  /** The `$all` position of the last event written (or of the original write when idempotent). */
  readonly position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive. Default 'start' forwards, 'end' backwards. */
  readonly fromRevision?: 'start' | 'end' | bigint;
  readonly maxCount?: number;
}

/** Filters on `$all` (ESDB-PROTOCOL §2.6): a non-empty regex wins over prefixes; regex is unanchored. */
export interface EventFilter {
  readonly streamNamePrefix?: readonly string[];
  readonly streamNameRegex?: string;
  readonly eventTypePrefix?: readonly string[];
  readonly eventTypeRegex?: string;
}

export interface ReadAllOptions {
  readonly direction?: Direction;
  /** Inclusive for reads. Default 'start' forwards, 'end' backwards. */
  readonly fromPosition?: 'start' | 'end' | Position;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
  /**
   * A hint that this is a long forward read (a replay): the store may read ahead of the caller. The
   * embedded store then reads the log's pages in a thread of its own ahead of a read of millions of
   * events, so disk reads overlap the caller's work; EventStoreDB ignores it. The events read are the same.
   */
  readonly readAhead?: boolean;
}

export interface SubscribeToAllOptions {
  /** Exclusive: only events after this position. Default 'start' (everything). */
  readonly fromPosition?: 'start' | 'end' | Position;
  readonly filter?: EventFilter;
  /** With a filter: emit a checkpoint every `checkpointInterval` considered events (default 32). */
  readonly checkpointInterval?: number;
}

export interface SubscribeToStreamOptions {
  /** Exclusive: only events after this revision. Default 'start'. */
  readonly fromRevision?: 'start' | 'end' | bigint;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'caughtUp'; readonly position: Position }
  | { readonly kind: 'checkpoint'; readonly position: Position };

/** A catch-up subscription: history, then `caughtUp` once, then live events; no gaps, no duplicates. */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  unsubscribe(): Promise<void>;
}

export interface DeleteResult {
  readonly position: Position | null;
}

export interface EventStore {
  appendToStream(
    stream: string,
    events: readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Throws StreamNotFoundError for a missing or soft-deleted stream, StreamDeletedError for a tombstoned one. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  subscribeToStream(stream: string, options?: SubscribeToStreamOptions): Subscription;
  deleteStream(stream: string, options?: AppendOptions): Promise<DeleteResult>;
  tombstoneStream(stream: string, options?: AppendOptions): Promise<DeleteResult>;
  /** Position of the last event in `$all`, or 0n when empty. */
  headPosition(): Promise<Position>;
  close(): Promise<void>;
}
