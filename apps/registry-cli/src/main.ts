/**
 * The analysts' and operators' command line. Reads the register's log directly (the embedded store in
 * FLR_DATA_DIR, or EventStoreDB with EVENTSTORE_CONNECTION_STRING) and never writes to it.
 *
 *   npm run cli -- export links  --secret <s> --purpose <text> [--out file.ndjson]
 *   npm run cli -- export tables --years 2010,2020 [--min-cell 5] [--out file.json]
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@flr/application';
import { type EventStore, openEmbeddedEventStore, type RecordedEvent } from '@flr/event-store';
import { listedOnNewYear } from './export/aggregate';
import { extractLinks, toRows } from './export/link-extract';
import { Pseudonymiser } from './export/pseudonymise';

async function readLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ filter: { streamNamePrefix: ['person-'] } })) events.push(event);
  return events;
}

function output(path: string | undefined, text: string): void {
  if (path) writeFileSync(path, text);
  else process.stdout.write(text);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      secret: { type: 'string' },
      purpose: { type: 'string' },
      out: { type: 'string' },
      years: { type: 'string' },
      'min-cell': { type: 'string', default: '5' },
    },
  });
  const [command, what] = positionals;
  if (command !== 'export' || (what !== 'links' && what !== 'tables')) {
    process.stderr.write(
      'usage: cli export links --secret S --purpose P [--out F] | cli export tables --years Y1,Y2 [--min-cell N] [--out F]\n',
    );
    return 2;
  }
  const config = loadConfig(process.env);
  const store = await openEmbeddedEventStore({ path: join(config.dataDir, 'events') });
  try {
    const links = extractLinks(await readLog(store));
    if (what === 'links') {
      if (!values.secret || !values.purpose) {
        process.stderr.write(
          'export links needs --secret (>= 16 characters, one per disclosure) and --purpose\n',
        );
        return 2;
      }
      const pseudonymiser = new Pseudonymiser(values.secret);
      const rows = toRows(links, pseudonymiser);
      output(values.out, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
      // R48: every disclosure is logged (who may read this log is an operations matter).
      appendFileSync(
        join(config.dataDir, 'disclosures.ndjson'),
        `${JSON.stringify({ at: new Date().toISOString(), kind: 'links', purpose: values.purpose, rows: rows.length, secretFingerprint: pseudonymiser.fingerprint() })}\n`,
      );
    } else {
      const years = (values.years ?? '').split(',').map(Number).filter(Number.isInteger);
      if (years.length === 0) {
        process.stderr.write('export tables needs --years, e.g. --years 2010,2020\n');
        return 2;
      }
      output(
        values.out,
        `${JSON.stringify(listedOnNewYear(links, years, Number(values['min-cell'])), null, 2)}\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
