import type { Writable } from 'node:stream';
import type { RpcError } from './rpc-errors';

/** Writes with backpressure; resolves false once the call is gone (cancelled or closed). */
export async function writeTo(call: Writable & { cancelled?: boolean }, message: unknown): Promise<boolean> {
  if (call.cancelled || call.destroyed || call.writableEnded) return false;
  if (call.write(message)) return true;
  return drained(call);
}

/** Resolves true once the call's buffer has drained, false if it closes first. */
export function drained(call: Writable): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => () => {
      call.off('drain', onDrain);
      call.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    call.once('drain', onDrain);
    call.once('close', onClose);
  });
}

/** Ends a server-streaming call with a status and EventStoreDB's trailers. */
export function failCall(call: Writable & { cancelled?: boolean }, error: RpcError): void {
  if (call.cancelled || call.destroyed || call.writableEnded) return;
  call.emit('error', error);
}
