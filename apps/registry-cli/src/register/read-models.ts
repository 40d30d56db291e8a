/**
 * The API's read models (`<data dir>/readmodels`, the projection runtime) for `query` and `rebuild`:
 * the one module of the command line that knows the projections' query API.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { osloDateOf } from '@flr/domain';
import type { EventStore } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import {
  allMemoryProjections,
  allProjections,
  contractDoc,
  history,
  LINK_INDEX,
  type LinkIndex,
  type ListCursor,
  listAt,
  municipalityCapacity,
  PERSON_REGISTER,
  type PersonRegister,
  personGp,
  type Readers,
  type When,
} from '@flr/projections';
import { Progress } from '../shared/progress';

export const PROJECTION_NAMES = [...allProjections, ...allMemoryProjections].map((p) => p.name);

/** A live process holding the store's writer lock (the API or a worker) also runs the read models. */
export function liveWriterPid(dataDir: string): number | null {
  const file = join(dataDir, 'events', 'writer.lock');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8'));
  if (!pid || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

export class ReadModels {
  private constructor(private readonly runtime: ProjectionRuntime) {}

  /** Opens the runtime and waits until every read model has caught up with the log. */
  static async open(store: EventStore, dataDir: string, label = 'catching up'): Promise<ReadModels> {
    const runtime = new ProjectionRuntime({ store, path: join(dataDir, 'readmodels') });
    for (const projection of allProjections) runtime.register(projection);
    for (const memory of allMemoryProjections) runtime.registerMemory(memory);
    await runtime.start();
    const models = new ReadModels(runtime);
    await models.waitReady(label);
    return models;
  }

  private async waitReady(label: string): Promise<void> {
    const progress = new Progress(label, 0);
    try {
      while (!(await this.runtime.ready(500))) {
        const status = this.runtime.status();
        const failed = status.find((s) => s.error);
        if (failed) throw new Error(`projection ${failed.name} failed: ${JSON.stringify(failed.error)}`);
        const head = Math.max(0, ...status.map((s) => Number(s.head)));
        const at = Math.min(...status.map((s) => Number(s.checkpoint ?? 0n)));
        progress.setTotal(head);
        progress.update(at);
      }
    } finally {
      progress.stop();
    }
  }

  async rebuild(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await this.runtime.rebuild(name);
      await this.waitReady(`rebuilding ${name}`);
    }
  }

  status() {
    return this.runtime.status();
  }

  private readers(): Readers {
    return {
      directory: this.runtime.reader('directory'),
      waitingLists: this.runtime.reader('waiting-lists'),
      linkIndex: this.runtime.memory<LinkIndex>(LINK_INDEX),
      personRegister: this.runtime.memory<PersonRegister>(PERSON_REGISTER),
    };
  }

  private when(at: string | undefined, asOf: string | undefined): When {
    const today = osloDateOf(new Date());
    return { at: at ?? today, asOf: asOf === undefined ? undefined : Date.parse(asOf), today };
  }

  gpAt(nin: string, at?: string, asOf?: string) {
    return personGp(this.readers(), nin, this.when(at, asOf));
  }

  history(nin: string, asOf?: string) {
    const when = this.when(undefined, asOf);
    return history(this.readers().linkIndex, nin, when.asOf) ?? null;
  }

  /** Whether the list exists (as known at `asOf`), as the API asks before it lists the patients. */
  hasContract(contractId: string, asOf?: string): boolean {
    return contractDoc(this.readers(), contractId, this.when(undefined, asOf).asOf) !== undefined;
  }

  /** Every patient on the list on `at`, page by page (the pages bound the memory). */
  *listAt(contractId: string, at?: string, asOf?: string) {
    const when = this.when(at, asOf);
    let after: ListCursor | null = null;
    do {
      const page = listAt(this.readers().linkIndex, contractId, when.at, {
        limit: 1000,
        after,
        asOf: when.asOf,
      });
      yield* page.items;
      after = page.next;
    } while (after !== null);
  }

  capacity(municipality: string, at?: string, asOf?: string) {
    return municipalityCapacity(this.readers(), municipality, this.when(at, asOf));
  }

  async close(): Promise<void> {
    await this.runtime.stop();
  }
}
