import type { Writable } from 'node:stream';
import { drained } from './call-io';
import type { PreparedReadResp } from './read-encoding';
import { writeReadEventResp } from './read-encoding';

/** gRPC's length prefix: one compression byte (0) and the length, big-endian. */
const FRAME_HEADER = 5;
/** Bytes gathered before one write to the HTTP/2 stream. */
const BATCH_BYTES = 128 * 1024;
/**
 * Bytes a call may have queued on its HTTP/2 stream before the reader waits for them to drain: a few
 * batches, so the next batch is read and encoded while the client still decodes the last one.
 */
const IN_FLIGHT_BYTES = 4 * BATCH_BYTES;

/** The pieces of a grpc-js 1.14 server call this writer needs; absent when the call is wrapped. */
interface BaseCall {
  readonly stream: Writable;
  maybeSendMetadata(): void;
}

function baseCallOf(call: unknown): BaseCall | undefined {
  const base = (call as { call?: Partial<BaseCall> }).call;
  return base &&
    typeof base.maybeSendMetadata === 'function' &&
    base.stream &&
    typeof base.stream.write === 'function'
    ? (base as BaseCall)
    : undefined;
}

/**
 * Writes ReadResp messages to a server-streaming call many at a time: each is encoded in place, with
 * its gRPC frame header, into a shared batch that goes to the call's HTTP/2 stream in one write.
 * grpc-js would otherwise serialize, frame, and wait for the write of every message before the next.
 * For a call grpc-js wraps (interceptors), `forCall` gives undefined and the caller writes messages.
 */
export class FramedBatchWriter {
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;

  private constructor(
    private readonly base: BaseCall,
    private readonly call: Writable & { cancelled?: boolean },
  ) {}

  static forCall(call: Writable & { cancelled?: boolean }): FramedBatchWriter | undefined {
    const base = baseCallOf(call);
    return base ? new FramedBatchWriter(base, call) : undefined;
  }

  get closed(): boolean {
    return this.call.cancelled === true || this.call.destroyed || this.base.stream.destroyed;
  }

  /**
   * Adds one message: true at once while the batch has room (no promise per event), or the pending
   * write of the full batch, which resolves false once the call is gone.
   */
  add(message: PreparedReadResp): boolean | Promise<boolean> {
    const needed = FRAME_HEADER + message.size;
    if (this.used + needed > this.batch.length && this.used > 0) {
      return this.flush().then((open) => open && this.add(message));
    }
    if (needed > this.batch.length) this.batch = Buffer.allocUnsafe(needed);
    const at = this.used;
    this.batch[at] = 0;
    this.batch.writeUInt32BE(message.size, at + 1);
    writeReadEventResp(message, this.batch, at + FRAME_HEADER);
    this.used += needed;
    return true;
  }

  /** Writes what has gathered; resolves false once the call is gone. */
  async flush(): Promise<boolean> {
    if (this.closed) return false;
    if (this.used === 0) return true;
    const chunk = this.batch.subarray(0, this.used);
    // The written chunk stays referenced until sent: the next batch gets a fresh buffer.
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.used = 0;
    this.base.maybeSendMetadata();
    const stream = this.base.stream;
    if (stream.write(chunk) || stream.writableLength < IN_FLIGHT_BYTES) return true;
    return drained(stream);
  }
}
