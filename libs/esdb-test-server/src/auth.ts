import { type Grpc, grpc } from './proto';
import { accessDenied, rpcError } from './rpc-errors';

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** EventStoreDB's default administrator. */
export const DEFAULT_ADMIN: BasicCredentials = { username: 'admin', password: 'changeit' };

/**
 * The authenticated user of a call, undefined when anonymous; throws on bad credentials. Basic
 * credentials win over a client certificate (as with the UserCertificates plugin); a certificate
 * (already verified against the node's CA by TLS) logs in the user named by its subject's CN, if
 * that user exists.
 */
export function authenticate(
  metadata: Grpc.Metadata,
  users: readonly BasicCredentials[],
  certificateUser?: string,
): string | undefined {
  const header = metadata.get('authorization')[0];
  if (header === undefined) {
    return certificateUser !== undefined && users.some((u) => u.username === certificateUser)
      ? certificateUser
      : undefined;
  }
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
export function authorize(
  path: string,
  metadata: Grpc.Metadata,
  users: readonly BasicCredentials[],
  certificateUser?: string,
) {
  if (OPEN_METHODS.has(path)) return undefined;
  try {
    return authenticate(metadata, users, certificateUser) === undefined ? accessDenied() : undefined;
  } catch (error) {
    return error as ReturnType<typeof accessDenied>;
  }
}

/** The user a verified client certificate names (subject CN); undefined without one. */
export function certificateUserOf(call: {
  getAuthContext?(): { sslPeerCertificate?: { subject?: unknown } };
}): string | undefined {
  const subject = call.getAuthContext?.()?.sslPeerCertificate?.subject as
    | { CN?: string | string[] }
    | undefined;
  const cn = subject?.CN;
  return Array.isArray(cn) ? cn[0] : cn;
}
