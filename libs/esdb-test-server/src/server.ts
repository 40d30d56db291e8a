import { readFileSync } from 'node:fs';
import type { EventStore } from '@flr/event-store';
import { authorize, type BasicCredentials, certificateUserOf, DEFAULT_ADMIN } from './auth';
import { gossipImpl, serverFeaturesImpl } from './features';
import { DEFAULT_MAX_APPEND_SIZE, EsdbNode } from './node';
import { persistentSubscriptionsImpl } from './persistent';
import { type Grpc, grpc, serviceModules } from './proto';
import { failCall } from './call-io';
import { type RpcError, rpcError } from './rpc-errors';
import { appendHandler } from './streams-append';
import { batchAppendHandler } from './streams-batch-append';
import { deleteHandler } from './streams-delete';
import { readHandler } from './streams-read';
import { seedSystemEvents } from './system-events';
import { projectionsHandlers } from './projections-service';
import { type RunProjections, SystemProjections } from './system-projections';
import { discardTestCertificates, generateTestCertificates, type TlsMaterial } from './tls';

export interface EsdbTestServerOptions {
  /** The backing store (the port); the server does not close it. */
  readonly store: EventStore;
  /** 0 or absent: a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Plain HTTP/2 without TLS or authentication (`?tls=false`). Default: true unless `tls` is given. */
  readonly insecure?: boolean;
  /** Certificates to serve; `true` generates a throw-away CA and node certificate. */
  readonly tls?: TlsMaterial | true;
  /** Users accepted by Basic auth on TLS; default admin/changeit. */
  readonly auth?: { readonly users: readonly BasicCredentials[] };
  readonly maxAppendSize?: number;
  /**
   * Like the server's `--commit-timeout-ms`: an append the store has not committed by then is
   * answered with a timeout (Append: ABORTED, the client's TimeoutError; BatchAppend: a Timeout
   * status). The append itself goes on, so its outcome is unknown to the caller. Off when absent:
   * test suites share loaded machines, where an fsync stall would become a spurious failure
   * (`esdb:dev` uses the server's default, 2000 ms).
   */
  readonly commitTimeoutMs?: number;
  /**
   * Like the server's `--run-projections`: `none` (its default) or `system`, which runs `$by_category`
   * and `$by_event_type` (links in `$ce-<category>` and `$et-<type>`). JavaScript projections are not served.
   */
  readonly runProjections?: RunProjections;
  /**
   * Like `--start-standard-projections` (default false, as the server's): start `$by_category` and
   * `$by_event_type` at once; otherwise they wait for the Projections service's Enable.
   */
  readonly startStandardProjections?: boolean;
  /** Append the system events a fresh node has ($settings, users) when the store is empty. */
  readonly seedSystemEvents?: boolean;
}

export interface EsdbTestServer {
  /** `esdb://127.0.0.1:PORT?tls=false`, or with credentials and `tlsCAFile` when secure. */
  readonly connectionString: string;
  readonly port: number;
  readonly host: string;
  readonly tls?: TlsMaterial;
  close(): Promise<void>;
}

type Handler = (call: any, callback?: any) => void;

/** Rejects calls that fail Basic auth before the real handler runs. */
function guarded(
  path: string,
  method: Grpc.MethodDefinition<any, any>,
  handler: Handler,
  users?: readonly BasicCredentials[],
): Handler {
  if (!users) return handler;
  return (call, callback) => {
    const error = authorize(path, call.metadata, users, certificateUserOf(call));
    if (!error) return handler(call, callback);
    if (method.responseStream) call.emit('error', error);
    else callback(error);
  };
}

/** Keeps the server-streaming calls in progress, to end them cleanly on close. */
function tracked(handler: Handler, calls: Set<any>): Handler {
  return (call, callback) => {
    calls.add(call);
    call.on('close', () => calls.delete(call));
    handler(call, callback);
  };
}

/**
 * Keeps the unary calls in progress (Append) so that close() can answer them; the handler's own
 * answer, if it comes later, is dropped, since a call is answered once.
 */
function trackedUnary(handler: Handler, pending: Set<(error: RpcError) => void>): Handler {
  return (call, callback) => {
    let answered = false;
    const fail = (error: RpcError) => {
      if (answered) return;
      answered = true;
      pending.delete(fail);
      callback(error);
    };
    pending.add(fail);
    handler(call, (error: unknown, value?: unknown) => {
      if (answered) return;
      answered = true;
      pending.delete(fail);
      callback(error, value);
    });
  };
}

/**
 * TLS that asks for, but does not require, a client certificate signed by the node's CA: a verified
 * one logs its user in (UserCertificates); clients without one use Basic auth.
 */
function clientCertificateCredentials(tls: TlsMaterial): Grpc.ServerCredentials {
  const ca = readFileSync(tls.caFile);
  // Listeners are answered on the next tick: grpc-js registers its watcher only after adding them.
  const provider = {
    addCaCertificateListener: (listener: (update: { caCertificate: Buffer }) => void) =>
      process.nextTick(listener, { caCertificate: ca }),
    addIdentityCertificateListener: (
      listener: (update: { certificate: Buffer; privateKey: Buffer }) => void,
    ) => process.nextTick(listener, { certificate: tls.cert, privateKey: tls.key }),
    removeCaCertificateListener: () => undefined,
    removeIdentityCertificateListener: () => undefined,
  };
  return grpc.experimental.createCertificateProviderServerCredentials(provider, provider, false);
}

const READ_PATH = '/event_store.client.streams.Streams/Read';

/** Streams/Read answers with bytes encoded by read-encoding.ts as well as with message objects. */
function withPreEncodedReads(definition: Grpc.ServiceDefinition): Grpc.ServiceDefinition {
  const entry = Object.entries(definition).find(([, method]) => method.path === READ_PATH);
  if (!entry) return definition;
  const [key, method] = entry;
  const serialize = method.responseSerialize;
  return {
    ...definition,
    [key]: {
      ...method,
      responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : serialize(value)),
    },
  };
}

function unimplemented(path: string): Handler {
  return (call, callback) => {
    const error = rpcError(grpc.status.UNIMPLEMENTED, `${path} is not implemented by the test server`);
    if (callback) callback(error);
    else call.emit('error', error);
  };
}

/**
 * A protocol-compatible EventStoreDB node for tests and development, speaking the gRPC services the
 * official client ships (ESDB-PROTOCOL §1.3), backed by any EventStore port (the embedded store).
 */
export async function startEsdbTestServer(options: EsdbTestServerOptions): Promise<EsdbTestServer> {
  const host = options.host ?? '127.0.0.1';
  const insecure = options.insecure ?? options.tls === undefined;
  const generated = !insecure && (options.tls === true || !options.tls);
  const tls = insecure
    ? undefined
    : options.tls === true || !options.tls
      ? generateTestCertificates(['localhost', host])
      : options.tls;
  const users = insecure ? undefined : (options.auth?.users ?? [DEFAULT_ADMIN]);
  const commitTimeoutMs = options.commitTimeoutMs ?? Number.POSITIVE_INFINITY;
  if (
    commitTimeoutMs !== Number.POSITIVE_INFINITY &&
    (!Number.isInteger(commitTimeoutMs) || commitTimeoutMs < 1)
  )
    throw new Error(
      `commitTimeoutMs must be a positive whole number of milliseconds, got ${commitTimeoutMs}`,
    );
  const node = new EsdbNode(options.store, options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE, commitTimeoutMs);
  if (options.seedSystemEvents) await seedSystemEvents(options.store);
  const projections =
    options.runProjections === 'system'
      ? new SystemProjections(options.store, options.startStandardProjections ?? false)
      : undefined;
  await projections?.start();
  let boundPort = options.port ?? 0;
  const persistent = persistentSubscriptionsImpl(node, users);
  await persistent.load();
  const implementations: Record<string, Record<string, Handler>> = {
    '/event_store.client.streams.Streams/': {
      read: readHandler(node),
      append: appendHandler(node),
      delete: deleteHandler(node, false),
      tombstone: deleteHandler(node, true),
      batchAppend: batchAppendHandler(node),
    },
    '/event_store.client.server_features.ServerFeatures/': serverFeaturesImpl() as any,
    '/event_store.client.gossip.Gossip/': gossipImpl(() => ({ host, port: boundPort })) as any,
    '/event_store.client.persistent_subscriptions.PersistentSubscriptions/': persistent.handlers,
    ...(projections
      ? { '/event_store.client.projections.Projections/': projectionsHandlers(projections) }
      : {}),
  };
  const streaming = new Set<any>();
  const appendStreams = new Set<any>();
  const unaryAppends = new Set<(error: RpcError) => void>();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  for (const module of Object.values(serviceModules)) {
    for (const [exportName, definition] of Object.entries(module)) {
      if (!exportName.endsWith('Service') || typeof definition !== 'object') continue;
      const impl: Record<string, Handler> = {};
      for (const [key, method] of Object.entries(definition)) {
        const prefix = method.path.slice(0, method.path.lastIndexOf('/') + 1);
        const real = implementations[prefix]?.[key];
        const handler = guarded(method.path, method, real ?? unimplemented(method.path), users);
        impl[key] = method.path.endsWith('/BatchAppend')
          ? tracked(handler, appendStreams)
          : method.path.endsWith('/Append')
            ? trackedUnary(handler, unaryAppends)
            : method.responseStream
              ? tracked(handler, streaming)
              : handler;
      }
      server.addService(withPreEncodedReads(definition), impl);
    }
  }
  const credentials = tls ? clientCertificateCredentials(tls) : grpc.ServerCredentials.createInsecure();
  boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${boundPort}`, credentials, (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
  const user = users?.[0];
  const connectionString = tls
    ? `esdb://${user ? `${encodeURIComponent(user.username)}:${encodeURIComponent(user.password)}@` : ''}${host === '127.0.0.1' ? 'localhost' : host}:${boundPort}?tls=true&tlsCAFile=${encodeURIComponent(tls.caFile)}`
    : `esdb://${host}:${boundPort}?tls=false`;
  return {
    connectionString,
    port: boundPort,
    host,
    ...(tls ? { tls } : {}),
    close: async () => {
      // Like a node shutting down: appends in progress end with UNAVAILABLE (the client reconnects
      // and the caller may retry; the outcome is unknown, as on a real node), open reads and
      // subscriptions with CANCELLED, then the port closes.
      const unavailable = () => rpcError(grpc.status.UNAVAILABLE, 'Server is shutting down');
      for (const fail of [...unaryAppends]) fail(unavailable());
      for (const call of appendStreams) failCall(call, unavailable());
      for (const call of streaming)
        failCall(call, rpcError(grpc.status.CANCELLED, 'The server is shutting down'));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 500);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await projections?.stop();
      await persistent.close();
      if (generated && tls) discardTestCertificates(tls);
    },
  };
}
