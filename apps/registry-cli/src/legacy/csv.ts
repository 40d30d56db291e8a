import { createReadStream } from 'node:fs';

export interface CsvRecord {
  /** The line the record starts on (1 = the header). */
  readonly line: number;
  readonly fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Streams RFC 4180 records (comma, double-quote quoting, CRLF or LF, quoted newlines allowed) from a
 * UTF-8 file, chunk by chunk: the file is never held whole.
 */
export async function* readCsv(path: string): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;
  let quoteAtChunkEnd = false;
  let any = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = chunk as string;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (pendingCr) {
        pendingCr = false;
        if (ch === '\n') continue;
      }
      if (quoteAtChunkEnd) {
        // A quote ended the previous chunk inside a quoted field: `""` is an escaped quote, else it closed.
        quoteAtChunkEnd = false;
        if (ch === '"') {
          field += '"';
          continue;
        }
        quoted = false;
        afterQuote = true;
      }
      if (quoted) {
        if (ch === '"') {
          if (i + 1 === text.length) quoteAtChunkEnd = true;
          else if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
        any = true;
      } else if (ch === '\n' || ch === '\r') {
        fields.push(field);
        yield { line: recordLine, fields };
        fields = [];
        field = '';
        afterQuote = false;
        any = false;
        line++;
        recordLine = line;
        pendingCr = ch === '\r';
      } else if (ch === '"' && field.length === 0 && !afterQuote) {
        quoted = true;
        any = true;
      } else {
        if (afterQuote) throw new CsvSyntaxError(line, 'text after a closing quote');
        field += ch;
        any = true;
      }
    }
  }
  if (quoteAtChunkEnd) {
    quoted = false;
    afterQuote = true;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
  if (any || field.length > 0 || fields.length > 0) {
    fields.push(field);
    yield { line: recordLine, fields };
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(cell).join(',')}\n`;
}
