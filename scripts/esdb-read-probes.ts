/**
 * Probes for bench-esdb-read.ts that take the official client apart from the test server:
 *  - a trivial gRPC server (node:http2, no store, no encoding per event): answers Streams/Read with
 *    the same pre-encoded batch of ReadResp frames again and again, so whoever reads it measures
 *    only its own cost;
 *  - a grpc-js reader of Streams/Read that either passes each message's bytes through undecoded
 *    (what the server alone delivers through gRPC framing) or decodes them with the generated
 *    google-protobuf classes (the client's decoding without its event conversion and JSON parsing).
 */
import { randomUUID } from 'node:crypto';
import { createServer, constants as h2 } from 'node:http2';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type * as Grpc from '@grpc/grpc-js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import { encodeReadEventResp } from '@flr/esdb-test-server';

const require = createRequire(import.meta.url);
const grpc: typeof Grpc = require('@grpc/grpc-js');
const streamsPb: typeof StreamsPb = require('@eventstore/db-client/generated/streams_pb.js');
const sharedPb: typeof SharedPb = require('@eventstore/db-client/generated/shared_pb.js');

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
): Promise<{ readonly address: string; close(): Promise<void> }> {
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
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

function readAllRequest(maxCount: number): InstanceType<typeof streamsPb.ReadReq> {
  const uuid = new streamsPb.ReadReq.Options.UUIDOption();
  uuid.setString(new sharedPb.Empty());
  const all = new streamsPb.ReadReq.Options.AllOptions();
  all.setStart(new sharedPb.Empty());
  const options = new streamsPb.ReadReq.Options();
  options.setAll(all);
  options.setResolveLinks(false);
  options.setCount(String(maxCount));
  options.setUuidOption(uuid);
  options.setNoFilter(new sharedPb.Empty());
  options.setReadDirection(0);
  return new streamsPb.ReadReq().setOptions(options);
}

/**
 * readAll forwards through grpc-js (insecure) without the official client: `frames` hands each
 * message's bytes over undecoded, `protobuf` decodes them into ReadResp objects. Resolves with the
 * number of messages received.
 */
export function grpcReadAll(address: string, maxCount: number, mode: 'frames' | 'protobuf'): Promise<number> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': -1,
  });
  const deserialize: (bytes: Buffer) => unknown =
    mode === 'frames'
      ? (bytes: Buffer) => bytes
      : (bytes: Buffer) => streamsPb.ReadResp.deserializeBinary(new Uint8Array(bytes));
  return new Promise<number>((done, fail) => {
    let count = 0;
    const call = client.makeServerStreamRequest(
      READ_PATH,
      (req: InstanceType<typeof streamsPb.ReadReq>) => Buffer.from(req.serializeBinary()),
      deserialize,
      readAllRequest(maxCount),
    );
    call.on('data', () => {
      count++;
    });
    call.on('error', (error: Error) => {
      client.close();
      fail(error);
    });
    call.on('end', () => {
      client.close();
      done(count);
    });
  });
}
