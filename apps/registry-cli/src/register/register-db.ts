import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { RegisterEvent } from '@flr/domain';
import type { EventStore, RecordedEvent } from '@flr/event-store';
import { Progress } from '../shared/progress';
import { CsvStagingWriter } from '../sql/csv-staging';
import { RAW_TABLES, type RawTable, rawRow } from './raw-tables';
import { EXACT_VIEWS } from './register-views';

export interface RegisterDbOptions {
  /** DuckDB's memory limit; beyond it DuckDB spills to its temporary folder (default 1GB). */
  readonly memoryLimit?: string;
  readonly progressLabel?: string;
}

/**
 * The register read from the log into a private, file-backed DuckDB database in a temporary folder
 * (removed on close). Events stream through in the store's batches; the process never holds the log.
 */
export class RegisterDb {
  private constructor(
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly folder: string,
    /** The log position the tables reflect. */
    readonly position: bigint,
    readonly events: number,
  ) {}

  static async load(store: EventStore, options: RegisterDbOptions = {}): Promise<RegisterDb> {
    const folder = mkdtempSync(join(tmpdir(), 'flr-cli-'));
    try {
      const instance = await DuckDBInstance.create(join(folder, 'register.duckdb'), {
        memory_limit: options.memoryLimit ?? process.env.FLR_CLI_MEMORY_LIMIT ?? '1GB',
        temp_directory: join(folder, 'spill'),
        preserve_insertion_order: 'false',
      });
      const connection = await instance.connect();
      const head = await store.headPosition();
      const { position, events } = await readLog(
        store,
        connection,
        folder,
        head,
        options.progressLabel ?? 'reading',
      );
      for (const view of EXACT_VIEWS) await connection.run(view);
      return new RegisterDb(instance, connection, folder, position, events);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** A path inside this database's temporary folder. */
  file(name: string): string {
    return join(this.folder, name);
  }

  /** Rows as plain JSON values (dates as `YYYY-MM-DD`, big integers as strings). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

async function readLog(
  store: EventStore,
  connection: DuckDBConnection,
  folder: string,
  head: bigint,
  label: string,
): Promise<{ position: bigint; events: number }> {
  const writers = new Map<RawTable, CsvStagingWriter>();
  for (const [table, columns] of Object.entries(RAW_TABLES)) {
    writers.set(
      table as RawTable,
      await CsvStagingWriter.open(connection, table, columns, join(folder, `${table}.csv`)),
    );
  }
  // Embedded positions count events (1, 2, 3, ...); on EventStoreDB the bar shows no total.
  const progress = new Progress(label, Number(head));
  let position = 0n;
  let events = 0;
  try {
    for await (const recorded of store.readAll({ filter: { streamNamePrefix: STREAMS } })) {
      const row = rawRow(
        recorded as unknown as RegisterEvent,
        recorded.position,
        recordTime(recorded),
        recorded.id,
      );
      if (row) writers.get(row[0])?.row(row[1]);
      position = recorded.position;
      if (++events % 10_000 === 0) progress.update(Number(position));
    }
  } catch (error) {
    for (const writer of writers.values()) writer.discard();
    throw error;
  } finally {
    progress.stop();
  }
  for (const writer of writers.values()) await writer.close();
  return { position, events };
}

const STREAMS = ['person-', 'contract-', 'gp-', 'municipality-'];

/** Record time: the original registration time for imported history, otherwise the log's time. */
function recordTime(recorded: RecordedEvent): string {
  const registeredAt = (recorded.metadata as { registeredAt?: unknown }).registeredAt;
  return typeof registeredAt === 'string' ? registeredAt : recorded.recordedAt.toISOString();
}
