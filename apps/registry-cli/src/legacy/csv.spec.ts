import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CsvRecord, csvRow, readCsv } from './csv';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function parse(text: string): Promise<CsvRecord[]> {
  const file = join(dir, `f${Math.random()}.csv`);
  writeFileSync(file, text);
  const out: CsvRecord[] = [];
  for await (const record of readCsv(file)) out.push(record);
  return out;
}

describe('readCsv', () => {
  it('reads quoted fields with commas, quotes and newlines, and numbers records by their first line', async () => {
    const records = await parse('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\nlast,\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 5, fields: ['last', ''] },
    ]);
  });

  it('reads the last record without a final newline', async () => {
    expect((await parse('a\n1')).map((r) => r.fields)).toEqual([['a'], ['1']]);
  });

  it('keeps escaped quotes that straddle a read chunk (1 MiB)', async () => {
    const values = ['say "hi"', 'a,b', 'x'];
    for (const pad of [0, 1, 2, 3, 4, 5]) {
      const filler = 'f'.repeat((1 << 20) - 12 - pad);
      const text = `${csvRow([filler])}${csvRow(values)}`;
      const records = await parse(text);
      expect(records[1].fields).toEqual(values);
    }
  });

  it('round-trips what csvRow writes', async () => {
    const rows = [
      ['plain', '', 'with,comma'],
      ['"quoted"', 'new\nline', 'æøå'],
    ];
    const records = await parse(rows.map((r) => csvRow(r)).join(''));
    expect(records.map((r) => r.fields)).toEqual(rows);
  });

  it('reports an unclosed quote with its line', async () => {
    await expect(parse('a\n"open\n')).rejects.toMatchObject({ line: 2 });
  });
});
