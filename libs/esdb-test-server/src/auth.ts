import { type Grpc, grpc } from './proto';
import { accessDenied, rpcError } from './rpc-errors';

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** EventStoreDB's default administrator. */
export const DEFAULT_ADMIN: BasicCredentials = { username: 'admin', password: 'changeit' };

/** The authenticated user of a call, undefined when anonymous; throws on bad credentials. */
export function authenticate(
  metadata: Grpc.Metadata,
  users: readonly BasicCredentials[],
): string | undefined {
  const header = metadata.get('authorization')[0];
  if (header === undefined) return undefined;
  const match = /^Basic\s+(.+)$/i.exec(String(header));
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const user = users.find(
    (u) => u.username === decoded.slice(0, colon) && u.password === decoded.slice(colon + 1),
  );
  if (colon < 0 || !user) throw rpcError(grpc.status.UNAUTHENTICATED, 'Bad authentication header.');
  return user.username;
}

/** Methods anyone may call: the client sends them without credentials (ESDB-PROTOCOL §1.4). */
const OPEN_METHODS = new Set([
  '/event_store.client.server_features.ServerFeatures/GetSupportedMethods',
  '/event_store.client.gossip.Gossip/Read',
]);

/** Checks a call against the users; returns the error to send, or undefined to proceed. */
export function authorize(path: string, metadata: Grpc.Metadata, users: readonly BasicCredentials[]) {
  if (OPEN_METHODS.has(path)) return undefined;
  try {
    return authenticate(metadata, users) === undefined ? accessDenied() : undefined;
  } catch (error) {
    return error as ReturnType<typeof accessDenied>;
  }
}
