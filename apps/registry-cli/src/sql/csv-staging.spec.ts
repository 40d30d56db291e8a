import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CsvStagingWriter } from './csv-staging';

describe('CsvStagingWriter', () => {
  it('loads text with commas, quotes and newlines, keeps empty strings apart from NULL, and types columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-staging-'));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const writer = await CsvStagingWriter.open(
        connection,
        't',
        [
          ['pos', 'BIGINT'],
          ['text', 'VARCHAR'],
          ['n', 'INTEGER'],
          ['flag', 'BOOLEAN'],
        ],
        join(dir, 't.csv'),
      );
      const rows = [
        [1n, 'plain', 3, true],
        [2n, 'a, "quoted" name\nand a newline', null, false],
        [3n, '', 0, null],
        [4n, null, -7, true],
      ] as const;
      for (const row of rows) writer.row([...row]);
      await writer.close();
      const read = (await connection.runAndReadAll('SELECT * FROM t ORDER BY pos')).getRowsJson();
      expect(read).toEqual([
        ['1', 'plain', 3, true],
        ['2', 'a, "quoted" name\nand a newline', null, false],
        ['3', '', 0, null],
        ['4', null, -7, true],
      ]);
    } finally {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates an empty table when no row was written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-staging-'));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const writer = await CsvStagingWriter.open(connection, 'e', [['a', 'VARCHAR']], join(dir, 'e.csv'));
      await writer.close();
      expect((await connection.runAndReadAll('SELECT count(*) FROM e')).getRowsJson()).toEqual([['0']]);
    } finally {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
