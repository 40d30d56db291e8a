import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM material for the gRPC server; `caFile` is what a client passes as `tlsCAFile`. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly caFile: string;
}

/**
 * A throw-away CA and a server certificate for localhost/127.0.0.1, made with the openssl CLI, for
 * tests and `esdb:dev` only. Production EventStoreDB uses the operator's certificates (docker/).
 */
export function generateTestCertificates(hostnames: readonly string[] = ['localhost']): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'esdb-test-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=esdb-test-ca',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
  );
  const san = ['IP:127.0.0.1', ...hostnames.map((h) => (/^[\d.]+$/.test(h) ? `IP:${h}` : `DNS:${h}`))];
  writeFileSync(at('ext.cnf'), `subjectAltName=${[...new Set(san)].join(',')}\n`);
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=eventstoredb-node',
    '-keyout',
    at('node.key'),
    '-out',
    at('node.csr'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    at('node.csr'),
    '-CA',
    at('ca.crt'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('ext.cnf'),
    '-out',
    at('node.crt'),
  );
  return { cert: readFileSync(at('node.crt')), key: readFileSync(at('node.key')), caFile: at('ca.crt') };
}
