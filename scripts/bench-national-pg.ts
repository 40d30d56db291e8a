/**
 * PostgreSQL beside the register for bench-national: Debian's `postgresql` server started on a
 * private port and data folder (installed with apt-get when missing and possible), the link periods
 * loaded with COPY, a btree on (nin, valid_from) and a covering btree on (contract_id, valid_from)
 * INCLUDE (valid_to, nin), and the three questions as prepared statements on one connection.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';

export interface PgQuestions {
  gpAt(nin: string, at: string): Promise<string | undefined>;
  listAt(contractId: string, at: string): Promise<string[]>;
  /** The contract in effect per pair ('' for none), in the pairs' order. */
  gpAtBatch(pairs: readonly { nin: string; at: string }[]): Promise<string[]>;
}

export interface PgServer {
  load(csvFile: string): Promise<void>;
  questions: PgQuestions;
  stop(): Promise<void>;
}

const PORT = 42_432;

function serverBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(`${root}/${v}/bin/postgres`)) return `${root}/${v}/bin`;
  return undefined;
}

function install(say: (line: string) => void): void {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  say('bench-national: installing Debian postgresql (apt-get)');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  spawnSync('apt-get', ['install', '-y', '-qq', 'postgresql'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Runs a server binary as the `postgres` user when we are root (initdb and postgres refuse root). */
function asServerUser(bin: string, args: string[]): void {
  if (process.getuid?.() === 0)
    execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export async function startPostgres(
  folder: string,
  say: (line: string) => void,
): Promise<PgServer | undefined> {
  let bin = serverBin();
  if (!bin) {
    install(say);
    bin = serverBin();
  }
  if (!bin) {
    say(
      'bench-national: no PostgreSQL server binary (Debian package postgresql) and it could not be installed',
    );
    return undefined;
  }
  rmSync(folder, { recursive: true, force: true });
  const data = `${folder}/data`;
  const socket = `${folder}/socket`;
  mkdirSync(socket, { recursive: true });
  mkdirSync(data, { recursive: true });
  if (process.getuid?.() === 0) {
    execFileSync('chown', ['-R', 'postgres:postgres', folder]);
    // the server user must reach the folder and later read the CSV next to it
    for (let d = dirname(folder); d !== '/'; d = dirname(d)) chmodSync(d, 0o755);
  }
  asServerUser(`${bin}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  asServerUser(`${bin}/pg_ctl`, [
    '-D',
    data,
    '-l',
    `${folder}/server.log`,
    '-w',
    '-o',
    `-p ${PORT} -k ${socket} -c listen_addresses='' -c shared_buffers=2GB -c fsync=off -c synchronous_commit=off -c max_wal_size=8GB`,
    'start',
  ]);
  const client = new pg.Client({ host: socket, port: PORT, user: 'postgres', database: 'postgres' });
  await client.connect();
  let stopped = false;
  return {
    async load(csvFile) {
      if (process.getuid?.() === 0) chmodSync(csvFile, 0o644);
      await client.query(
        'CREATE UNLOGGED TABLE links (nin bigint NOT NULL, contract_id text NOT NULL, valid_from date NOT NULL, valid_to date)',
      );
      await client.query(`COPY links FROM '${csvFile.replaceAll("'", "''")}' (FORMAT csv)`);
      await client.query('CREATE INDEX links_nin ON links (nin, valid_from)');
      await client.query(
        'CREATE INDEX links_list ON links (contract_id, valid_from) INCLUDE (valid_to, nin)',
      );
      await client.query('VACUUM ANALYZE links');
      // warm both indexes and the heap into shared buffers
      await client.query('SELECT count(*) FROM links');
      await client.query('SET enable_seqscan = off');
      await client.query(
        'SELECT count(*) FROM (SELECT nin, valid_from FROM links ORDER BY nin, valid_from) t',
      );
      await client.query(
        'SELECT count(*) FROM (SELECT contract_id, valid_from, valid_to, nin FROM links ORDER BY contract_id, valid_from) t',
      );
      await client.query('RESET enable_seqscan');
    },
    questions: {
      async gpAt(nin, at) {
        const result = await client.query<{ contract_id: string }>({
          name: 'gp_at',
          text: `SELECT contract_id FROM links WHERE nin = $1 AND valid_from <= $2
                 AND (valid_to IS NULL OR valid_to > $2) ORDER BY valid_from DESC LIMIT 1`,
          values: [nin, at],
        });
        return result.rows[0]?.contract_id;
      },
      async listAt(contractId, at) {
        const result = await client.query<{ nin: string }>({
          name: 'list_at',
          text: `SELECT nin FROM links WHERE contract_id = $1 AND valid_from <= $2
                 AND (valid_to IS NULL OR valid_to > $2)`,
          values: [contractId, at],
        });
        return result.rows.map((r) => String(r.nin).padStart(11, '0'));
      },
      async gpAtBatch(pairs) {
        const result = await client.query<{ i: string; contract_id: string | null }>({
          name: 'gp_at_batch',
          text: `SELECT q.i, l.contract_id FROM unnest($1::bigint[], $2::date[]) WITH ORDINALITY AS q(nin, at, i)
                 LEFT JOIN LATERAL (SELECT contract_id FROM links WHERE links.nin = q.nin AND valid_from <= q.at
                   AND (valid_to IS NULL OR valid_to > q.at) ORDER BY valid_from DESC LIMIT 1) l ON true
                 ORDER BY q.i`,
          values: [pairs.map((p) => p.nin), pairs.map((p) => p.at)],
        });
        return result.rows.map((r) => r.contract_id ?? '');
      },
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.end().catch(() => undefined);
      try {
        asServerUser(`${bin}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already down
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
