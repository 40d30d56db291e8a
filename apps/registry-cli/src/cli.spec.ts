import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { buildCli, flr } from './testing/run';

// Each case starts the command line as a process (about 2 s on a loaded machine).
jest.setTimeout(180_000);

const COMMANDS = [
  'generate',
  'import',
  'rebuild',
  'query',
  'stats',
  'chart',
  'report',
  'export',
  'sql',
  'backup',
  'restore',
  'verify',
];

describe('the flr command line', () => {
  let dir: string;
  beforeAll(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'cli-spec-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every command under --help and exits 0', async () => {
    const run = await flr('--help');
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(command);
  });

  it.each(COMMANDS)('answers %s --help with its options and exit 0', async (command) => {
    const run = await flr(command, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: flr ${command}`);
    expect(run.stdout).toContain('--data-dir');
  });

  it('exits 2 on an unknown option, an unknown command and a malformed value', async () => {
    expect((await flr('sql', 'select 1', '--bogus')).code).toBe(2);
    expect((await flr('frobnicate')).code).toBe(2);
    const badDate = await flr('stats', '--from', '2020-13-40', '-d', dir);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--from must be a date');
    // Without --persons, generate writes the whole country; a bad count is a usage error.
    expect((await flr('generate', '--persons', '0', '-d', join(dir, 'x'))).code).toBe(2);
  });

  it('fails with a clear error, and creates nothing, when the folder holds no register', async () => {
    const missing = join(dir, 'mistyped');
    for (const args of [
      ['sql', 'select 1'],
      ['stats'],
      ['export', 'links', '--out', join(dir, 'l.parquet'), '--purpose', 't'],
    ]) {
      const run = await flr(...args, '-d', missing);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`No register in ${missing}`);
    }
    expect(existsSync(missing)).toBe(false);
  });

  describe('on a generated register', () => {
    let data: string;
    beforeAll(async () => {
      data = join(dir, 'register');
      const run = await flr(
        'generate',
        '--persons',
        '400',
        '--seed',
        'cli-spec',
        '--to',
        '2010-01-01',
        '-d',
        data,
      );
      expect(run.code).toBe(0);
      // The calibration report against DOMAIN.md §6 follows the summary (2005 is inside this history).
      expect(run.stdout).toMatch(/Calibration against DOMAIN\.md §6 \(counts × [\d.]+: per capita/);
      expect(run.stdout).toMatch(/\| 2005 \| average list length \(lists with a GP\) \|/);
    });

    it('generate again with the same arguments adds nothing; with another seed it refuses', async () => {
      const again = await flr(
        'generate',
        '--persons',
        '400',
        '--seed',
        'cli-spec',
        '--to',
        '2010-01-01',
        '-d',
        data,
      );
      expect(again.code).toBe(0);
      const before = await flr('sql', 'select count(*) AS links from links', '--format', 'csv', '-d', data);
      const other = await flr(
        'generate',
        '--persons',
        '400',
        '--seed',
        'other',
        '--to',
        '2010-01-01',
        '-d',
        data,
      );
      expect(other.code).toBe(1);
      expect(other.stderr).toContain('already holds another history');
      const after = await flr('sql', 'select count(*) AS links from links', '--format', 'csv', '-d', data);
      expect(after.stdout).toBe(before.stdout);
    });

    it('backup, verify and restore: the restored register has the same position and checksum; a damaged backup fails verify', async () => {
      const backup = join(dir, 'register-backup');
      const made = await flr('backup', backup, '-d', data);
      expect(made.code).toBe(0);
      const value = (out: string, name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1];
      const position = value(made.stdout, 'position');
      expect(Number(position)).toBeGreaterThan(0);
      const checked = await flr('verify', backup);
      expect(checked.code).toBe(0);
      expect(value(checked.stdout, 'kind')).toBe('backup');
      expect(value(checked.stdout, 'checksum')).toBe(value(made.stdout, 'checksum'));
      // --replay: every read model the backup holds, rebuilt from its log and compared, is equal.
      const replayed = await flr('verify', backup, '--replay');
      expect(replayed.code).toBe(0);
      expect(value(replayed.stdout, 'problems')).toBe('0');
      for (const line of replayed.stdout.split('\n').filter((l) => l.startsWith('read_model_')))
        expect(line).toMatch(/^read_model_\S+=ok position=\d+ rows=\d+$/);

      const restored = join(dir, 'register-restored');
      const restore = await flr('restore', backup, '-d', restored);
      expect(restore.code).toBe(0);
      const again = await flr('verify', '-d', restored);
      expect(again.code).toBe(0);
      expect(value(again.stdout, 'head')).toBe(position);
      expect(value(again.stdout, 'checksum')).toBe(value(made.stdout, 'checksum'));
      expect((await flr('restore', backup, '-d', restored)).stderr).toContain('already holds a register');

      const manifest = join(backup, 'backup.json');
      const text = readFileSync(manifest, 'utf8');
      writeFileSync(manifest, text.replace(/"checksum": "[0-9a-f]{4}/, '"checksum": "0000'));
      const damaged = await flr('verify', backup);
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toContain("the log's checksum differs from the manifest's");
    });

    it('sql answers over pseudonymised views with months, and logs the disclosure', async () => {
      const run = await flr(
        'sql',
        'select * from links limit 5',
        '--format',
        'json',
        '--purpose',
        'spec',
        '-d',
        data,
      );
      expect(run.code).toBe(0);
      const rows = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(rows).toHaveLength(5);
      for (const row of rows) {
        expect(Object.keys(row)).not.toContain('nin');
        expect(row.person).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(row.from_date).toMatch(/^\d{4}-\d{2}-01$/);
      }
      const log = readFileSync(join(data, 'disclosures.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(log.at(-1)).toMatchObject({ kind: 'sql', purpose: 'spec', role: 'analyst', rows: 5 });
    });

    it('sql prints counts under 5 as <5 and cannot read files or the exact tables', async () => {
      const run = await flr(
        'sql',
        "select 'one' as k, count(*) as n from persons where birth_date = (select min(birth_date) from persons)",
        '--format',
        'csv',
        '-d',
        data,
      );
      expect(run.stdout).toMatch(/one,<5/);
      expect((await flr('sql', "select * from read_csv('/etc/hostname')", '-d', data)).code).toBe(1);
      expect((await flr('sql', 'select nin from x_persons', '-d', data)).stderr).toContain('x_persons');
    });
  });
});
