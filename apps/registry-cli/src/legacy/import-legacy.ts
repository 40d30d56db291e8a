import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { EventStore } from '@flr/event-store';
import { appendHistory } from '../register/append-history';
import { legacyFormat, type NinPolicy } from './format';
import { runCrossChecks } from './legacy-checks';
import { legacyEvents } from './legacy-events';
import { importIdOf, loadLegacyFiles, REJECTS_TABLE } from './load-legacy';

export interface ImportOptions {
  readonly ninPolicy: NinPolicy;
  /** Import the accepted rows even when some are rejected (default: a rejected row imports nothing). */
  readonly skipRejected: boolean;
  /** Where the rejected-row report (CSV: file, line, field, reason) is written when there are rejects. */
  readonly reportPath: string;
  readonly onProgress?: (appended: number, total: number) => void;
  /** Stop after this many events (tests: a run cut off midway). */
  readonly stopAfter?: number;
}

export interface ImportOutcome {
  readonly importId: string;
  readonly rejected: number;
  /** Events the import consists of, and how many this run appended (0 when nothing was imported). */
  readonly events: number;
  readonly appended: number;
  readonly imported: boolean;
}

export class ForeignRegisterError extends Error {
  constructor() {
    super(
      'The register folder already holds another history; import into an empty register ' +
        '(or rerun the same import with the same files to complete an interrupted run)',
    );
  }
}

/** Checks the whole extract, then (all or nothing, unless skipRejected) appends it as history. */
/** `openStore` is called only once the extract is accepted: a rejected extract leaves no register behind. */
export async function importLegacy(
  folder: string,
  openStore: () => Promise<EventStore>,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const specs = legacyFormat(options.ninPolicy);
  const work = mkdtempSync(join(tmpdir(), 'flr-import-'));
  const instance = await DuckDBInstance.create(join(work, 'import.duckdb'), {
    memory_limit: process.env.FLR_CLI_MEMORY_LIMIT ?? '1GB',
    temp_directory: join(work, 'spill'),
  });
  const connection = await instance.connect();
  try {
    const importId = await importIdOf(folder, specs);
    await loadLegacyFiles(connection, folder, specs);
    const rejected = await runCrossChecks(connection);
    if (rejected > 0) {
      const target = options.reportPath.replace(/'/g, "''");
      await connection.run(
        `COPY (SELECT file, line, field, reason FROM ${REJECTS_TABLE} ORDER BY file, line, field) TO '${target}' (HEADER)`,
      );
    }
    const total = Number(
      (await connection.runAndReadAll(`SELECT count(*) FROM (${countSql()})`)).getRowsJson()[0][0],
    );
    if (rejected > 0 && !options.skipRejected) {
      return { importId, rejected, events: total, appended: 0, imported: false };
    }
    const store = await openStore();
    try {
      await checkSameImport(store, connection, importId);
      const appended = await appendHistory(store, legacyEvents(connection, importId), {
        onProgress: (n) => options.onProgress?.(n, total),
        stopAfter: options.stopAfter,
      });
      return { importId, rejected, events: total, appended, imported: true };
    } finally {
      await store.close();
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(work, { recursive: true, force: true });
  }
}

function countSql(): string {
  return `SELECT 1 FROM a_gps UNION ALL SELECT 1 FROM a_contracts UNION ALL SELECT 1 FROM a_doctor_periods
    UNION ALL SELECT 1 FROM a_persons UNION ALL SELECT 1 FROM a_moves JOIN a_persons USING (nin)
    UNION ALL SELECT 1 FROM a_patient_periods JOIN a_persons USING (nin)
    UNION ALL SELECT 1 FROM a_patient_periods JOIN a_persons USING (nin) WHERE "to" IS NOT NULL
    UNION ALL SELECT 1 FROM a_waiting JOIN a_persons USING (nin)
    UNION ALL SELECT 1 FROM a_waiting JOIN a_persons USING (nin) WHERE left_on IS NOT NULL
    UNION ALL SELECT 1 FROM a_persons WHERE died_on IS NOT NULL
    UNION ALL SELECT 1 FROM a_persons WHERE emigrated_on IS NOT NULL
    UNION ALL SELECT 1 FROM a_persons WHERE opted_out_on IS NOT NULL
    UNION ALL SELECT 1 FROM a_contracts WHERE canceled_from IS NOT NULL`;
}

/** An empty register, or one whose first event is this import's first: never mix two histories. */
async function checkSameImport(
  store: EventStore,
  connection: Parameters<typeof legacyEvents>[0],
  importId: string,
): Promise<void> {
  if ((await store.headPosition()) === 0n) return;
  let first: string | undefined;
  for await (const event of store.readAll({ maxCount: 1 })) first = event.id;
  for await (const event of legacyEvents(connection, importId)) {
    if (event.id !== first) throw new ForeignRegisterError();
    return;
  }
  throw new ForeignRegisterError();
}
