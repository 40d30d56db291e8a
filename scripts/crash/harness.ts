import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openEmbeddedEventStore, type RecordedEvent } from '@flr/event-store';

const here = dirname(fileURLToPath(import.meta.url));

/** A child process started from this folder's compiled scripts; `line` resolves once it printed `prefix`. */
export function startChild(
  script: string,
  args: string[],
  prefix: string,
): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, [join(here, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = new Promise<string>((resolve, reject) => {
    const early = (code: number | null, signal: string | null) =>
      reject(new Error(`${script} exited: ${code ?? signal}`));
    child.once('exit', early);
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (!text.startsWith(prefix)) return;
      child.off('exit', early);
      resolve(text.slice(prefix.length).trim());
    });
  });
  return { child, line };
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function killHard(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await exited(child);
}

export interface Answer {
  readonly status: number;
  readonly body: any;
}

/** The register in a child process on a data folder, reached over loopback HTTP. */
export class Server {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(dataDir: string): Promise<Server> {
    const { child, line } = startChild('server-child.js', [dataDir], 'url ');
    return new Server(child, await line);
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // NDJSON and plain answers stay text
    }
    return { status: res.status, body: parsed };
  }

  get(path: string, minPosition?: string): Promise<Answer> {
    return this.call('GET', path, undefined, minPosition ? { 'x-min-position': minPosition } : {});
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited(this.child);
    clearTimeout(timer);
  }

  kill(): Promise<void> {
    return killHard(this.child);
  }
}

/** Commands the register answered with 2xx, by commandId: what test:crash must find after restarts. */
export class Acknowledged {
  readonly ids = new Set<string>();

  /** Sends a command with a fresh commandId; remembers it when answered 2xx. A connection cut by a kill is not an answer. */
  async send(
    server: Server,
    method: string,
    path: string,
    body: Record<string, unknown>,
    commandId: string = randomUUID(),
  ): Promise<Answer | null> {
    try {
      const answer = await server.call(method, path, { ...body, commandId });
      if (answer.status < 300) this.ids.add(commandId);
      return answer;
    } catch {
      return null;
    }
  }
}

export async function readLog(eventsDir: string): Promise<RecordedEvent[]> {
  const store = await openEmbeddedEventStore({ path: eventsDir });
  try {
    const log: RecordedEvent[] = [];
    for await (const event of store.readAll()) log.push(event);
    return log;
  } finally {
    await store.close();
  }
}

/**
 * Per acknowledged commandId: lost when no event carries it, duplicated when two of its events are the
 * same fact twice (type, stream and data equal).
 */
export function countAcknowledged(
  log: readonly RecordedEvent[],
  ids: ReadonlySet<string>,
): { lost: number; duplicated: number } {
  const facts = new Map<string, string[]>();
  for (const event of log) {
    const id = (event.metadata as Record<string, unknown> | undefined)?.commandId;
    if (typeof id !== 'string' || !ids.has(id)) continue;
    const list = facts.get(id) ?? [];
    list.push(`${event.type}|${event.stream}|${JSON.stringify(event.data)}`);
    facts.set(id, list);
  }
  let lost = 0;
  let duplicated = 0;
  for (const id of ids) {
    const list = facts.get(id);
    if (!list) lost++;
    else if (new Set(list).size !== list.length) duplicated++;
  }
  return { lost, duplicated };
}

/** A small deterministic random source (mulberry32) so a trial can be repeated from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
