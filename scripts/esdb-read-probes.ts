/**
 * Probes for bench-esdb-read.ts that take the official client apart from the test server:
 *  - a trivial gRPC server (node:http2, no store, no encoding per event): answers Streams/Read with
 *    the same pre-encoded batch of ReadResp frames again and again, so whoever reads it measures
 *    only its own cost;
 *  - a bare grpc-js reader of Streams/Read that either counts the event messages without decoding
 *    them (what a server delivers when the reader costs next to nothing) or decodes every message
 *    with the client's generated google-protobuf classes (the client's decoding without its event
 *    conversion and JSON parsing).
 */
import { randomUUID } from 'node:crypto';
import { createServer, constants as h2 } from 'node:http2';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type * as Grpc from '@grpc/grpc-js';
import { encodeReadEventResp } from '@flr/esdb-test-server';

const require = createRequire(import.meta.url);
const grpc: typeof Grpc = require('@grpc/grpc-js');
// The client's own generated classes (CommonJS), as the test server loads them (libs/esdb-test-server/src/proto.ts).
const streamsPb = require('@eventstore/db-client/generated/streams_pb.js');
const sharedPb = require('@eventstore/db-client/generated/shared_pb.js');

const READ_PATH = '/event_store.client.streams.Streams/Read';
/** Events in the pre-encoded batch the trivial server repeats. */
const BATCH_EVENTS = 1_000;

/** One gRPC-framed batch of `count` ReadResp messages shaped like the bench's stored events. */
function framedBatch(count: number, data: (n: number) => unknown): Buffer {
  const frames: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const message = encodeReadEventResp(
      {
        id: randomUUID(),
        type: n % 3 === 0 ? 'PatientListed' : 'PatientUnlisted',
        data: data(n),
        metadata: { actor: 'bench' },
        stream: `bench-${Math.floor(n / 1000)}`,
        revision: BigInt(n % 1000),
        position: BigInt(n + 1),
        recordedAt: new Date(),
        isJson: true,
      },
      BigInt(n + 1),
    );
    const header = Buffer.allocUnsafe(5);
    header[0] = 0;
    header.writeUInt32BE(message.length, 1);
    frames.push(header, message);
  }
  return Buffer.concat(frames);
}

/**
 * Starts the trivial server on 127.0.0.1 (port 0): every Read gets `total` events (rounded up to
 * whole batches) then status OK; any other method UNIMPLEMENTED, as a server without it answers.
 */
export async function startTrivialReadServer(
  total: number,
  data: (n: number) => unknown,
): Promise<{ readonly address: string }> {
  const batch = framedBatch(BATCH_EVENTS, data);
  const server = createServer();
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    stream.resume();
    if (headers[h2.HTTP2_HEADER_PATH] !== READ_PATH) {
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12' },
        { endStream: true },
      );
      return;
    }
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    let sent = 0;
    const pump = () => {
      while (sent < total && !stream.destroyed) {
        sent += BATCH_EVENTS;
        if (!stream.write(batch)) return void stream.once('drain', pump);
      }
      if (!stream.destroyed) stream.end();
    };
    pump();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { address: `127.0.0.1:${port}` };
}

/** ReadReq for `$all` forwards from the start, no filter, at most `count` events (as the client builds it). */
function readAllRequest(count: number) {
  const { ReadReq } = streamsPb;
  const options = new ReadReq.Options();
  const all = new ReadReq.Options.AllOptions();
  all.setStart(new sharedPb.Empty());
  options.setAll(all);
  options.setReadDirection(ReadReq.Options.ReadDirection.FORWARDS);
  options.setResolveLinks(false);
  options.setCount(String(count));
  options.setNoFilter(new sharedPb.Empty());
  const uuid = new ReadReq.Options.UUIDOption();
  uuid.setString(new sharedPb.Empty());
  options.setUuidOption(uuid);
  const control = new ReadReq.Options.ControlOption();
  control.setCompatibility(1);
  options.setControlOption(control);
  const request = new ReadReq();
  request.setOptions(options);
  return request;
}

/**
 * readAll forwards through a bare grpc-js stream (insecure) at `host:port`; resolves with the number
 * of event messages. `decode: false` leaves each response as bytes (a ReadResp whose first byte is
 * the tag of field 1, `event`, length-delimited 0x0a, is an event); `decode: true` decodes every
 * response into the generated ReadResp class first.
 */
export function grpcReadAll(address: string, maxCount: number, decode: boolean): Promise<number> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': -1,
  });
  const isEvent: (message: Buffer | { hasEvent(): boolean }) => boolean = decode
    ? (message) => (message as { hasEvent(): boolean }).hasEvent()
    : (message) => (message as Buffer)[0] === 0x0a;
  return new Promise<number>((resolve, reject) => {
    let events = 0;
    const call = client.makeServerStreamRequest(
      READ_PATH,
      (request: { serializeBinary(): Uint8Array }) => Buffer.from(request.serializeBinary()),
      decode
        ? (bytes: Buffer) => streamsPb.ReadResp.deserializeBinary(new Uint8Array(bytes))
        : (bytes: Buffer) => bytes,
      readAllRequest(maxCount),
    );
    call.on('data', (message: Buffer | { hasEvent(): boolean }) => {
      if (isEvent(message)) events++;
    });
    call.on('error', (error: Error) => {
      client.close();
      reject(error);
    });
    call.on('end', () => {
      client.close();
      resolve(events);
    });
  });
}
