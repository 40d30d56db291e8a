import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openEmbeddedEventStore } from '@flr/event-store';
import { DEFAULT_COMMIT_TIMEOUT_MS, DEFAULT_MAX_APPEND_SIZE } from './node';
import { startEsdbTestServer } from './server';
import { parseRunProjections } from './system-projections';
import type { TlsMaterial } from './tls';

const USAGE = `npm run esdb:dev -- [--port 2113] [--host 127.0.0.1] [--data-dir DIR] [--no-seed]
                       [--tls | --cert-file node.crt --key-file node.key --ca-file ca.crt]
                       [--run-projections none|system] [--start-standard-projections]
                       [--commit-timeout-ms 2000]
                       [--max-append-size 1048576]`;

/**
 * A protocol-compatible EventStoreDB node for development, on an embedded store in DIR (default: a
 * fresh temporary folder). Insecure (`?tls=false`) unless `--tls` (a throw-away CA) or your own
 * certificate files; with TLS, Basic auth (admin/changeit) is required and the printed connection
 * string carries `tlsCAFile`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2113' },
      host: { type: 'string', default: '127.0.0.1' },
      tls: { type: 'boolean', default: false },
      'cert-file': { type: 'string' },
      'key-file': { type: 'string' },
      'ca-file': { type: 'string' },
      'data-dir': { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      'run-projections': { type: 'string', default: 'none' },
      'start-standard-projections': { type: 'boolean', default: false },
      'commit-timeout-ms': { type: 'string', default: String(DEFAULT_COMMIT_TIMEOUT_MS) },
      'max-append-size': { type: 'string', default: String(DEFAULT_MAX_APPEND_SIZE) },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  }
  const runProjections = parseRunProjections(values['run-projections']!);
  const commitTimeoutMs = Number(values['commit-timeout-ms']);
  if (!Number.isInteger(commitTimeoutMs) || commitTimeoutMs < 1) {
    throw new Error(
      `--commit-timeout-ms must be a positive whole number, got ${values['commit-timeout-ms']}`,
    );
  }
  const maxAppendSize = Number(values['max-append-size']);
  if (!Number.isInteger(maxAppendSize) || maxAppendSize < 1) {
    throw new Error(
      `--max-append-size must be a positive whole number of bytes, got ${values['max-append-size']}`,
    );
  }
  const files = [values['cert-file'], values['key-file'], values['ca-file']];
  if (files.some(Boolean) && !files.every(Boolean)) {
    throw new Error('--cert-file, --key-file and --ca-file go together');
  }
  const tls: TlsMaterial | true | undefined = values['cert-file']
    ? {
        cert: readFileSync(values['cert-file']),
        key: readFileSync(values['key-file']!),
        caFile: resolve(values['ca-file']!),
      }
    : values.tls
      ? true
      : undefined;
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : mkdtempSync(join(tmpdir(), 'esdb-dev-'));
  const store = await openEmbeddedEventStore({ path: dataDir });
  const server = await startEsdbTestServer({
    store,
    port,
    host: values.host!,
    ...(tls ? { tls } : { insecure: true }),
    seedSystemEvents: !values['no-seed'],
    runProjections,
    startStandardProjections: values['start-standard-projections']!,
    commitTimeoutMs,
    maxAppendSize,
  });
  process.stdout.write(`esdb test server listening: ${server.connectionString} (data: ${dataDir})\n`);
  const stop = async () => {
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `esdb test server failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.stderr.write(`usage: ${USAGE}\n`);
  process.exit(1);
});
