import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EventStore, WRITER_LEASE_STREAM, type WriterLeaseRecord } from '@flr/event-store';
import type { EmbeddedEsdbTestServer } from '@flr/esdb-test-server';

/**
 * API replicas as real processes for the writer-lease tests (DESIGN §4): built with swc into a folder
 * of the caller's choosing (one per test file, so files running side by side do not share it), each
 * started on a free port against one EventStoreDB (the test server) with FLR_WRITER_LEASE=on.
 */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Replica {
  readonly name: string;
  readonly address: string;
  readonly child: ChildProcess;
  output: string;
}

export function buildApi(dist: string): void {
  execFileSync(
    'npx',
    [
      'swc',
      'apps/registry-api',
      'libs',
      'projections',
      '-d',
      dist,
      '--config-file',
      '.swcrc',
      '--ignore',
      '**/*.spec.ts',
      '--ignore',
      '**/*.e2e-spec.ts',
      '--quiet',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

export function removeBuild(dist: string): void {
  rmSync(join(ROOT, dist), { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export async function startReplica(
  name: string,
  esdb: EmbeddedEsdbTestServer,
  options: { readonly dist: string; readonly dataRoot: string; readonly leaseMs: number },
): Promise<Replica> {
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(ROOT, options.dist, 'apps/registry-api/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      FLR_DATA_DIR: join(options.dataRoot, name),
      FLR_TOKENS: '',
      EVENTSTORE_CONNECTION_STRING: esdb.connectionString,
      FLR_RUN_PROJECTIONS: 'true',
      FLR_WRITER_LEASE: 'on',
      FLR_REPLICA_ADDRESS: address,
      FLR_WRITER_LEASE_MS: String(options.leaseMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const replica: Replica = { name, address, child, output: '' };
  const keep = (chunk: Buffer) => {
    replica.output = (replica.output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`replica ${name} exited: ${replica.output}`);
    const live = await fetch(`${address}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) return replica;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`replica ${name} never answered /health/live: ${replica.output}`);
}

export async function leaseHolder(store: EventStore): Promise<WriterLeaseRecord | undefined> {
  try {
    for await (const e of store.readStream(WRITER_LEASE_STREAM, { direction: 'backwards', maxCount: 1 }))
      return e.data as WriterLeaseRecord;
  } catch {
    return undefined;
  }
  return undefined;
}
