/**
 * The HTTP benchmarks' load generator: autocannon in a process of its own, forked by bench-national
 * (and usable by any bench), so the client's work runs in a small heap of its own rather than in a
 * benchmark process holding a national read side, whose collector would slow the client and with it
 * every figure. The parent sends the sampled paths once (`{ paths }`), then one `LoadRequest` per load
 * over IPC, and gets a `LoadResult` back with this process's CPU time per request (the client's share
 * of the machine). Loads without a fixed `path` take the sampled paths in turn, continuing where the
 * previous load stopped, as one client would.
 */
import { pathToFileURL } from 'node:url';

export interface LoadRequest {
  readonly port: number;
  readonly connections: number;
  readonly seconds: number;
  /** One path for every request (the no-op); without it, the sampled paths in turn. */
  readonly path?: string;
}

export interface LoadResult {
  readonly requests: { readonly total: number; readonly average: number };
  /** Responses with a status outside 2xx. */
  readonly non2xx: number;
  readonly latency: { readonly p50: number; readonly p99: number };
  /** This process's CPU microseconds (user + system) per request over the load. */
  readonly clientCpuUs: number;
}

interface AutocannonResult {
  requests: { total: number; average: number };
  non2xx: number;
  latency: { p50: number; p99: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

let paths: readonly string[] = [];
let next = 0;

async function load(request: LoadRequest): Promise<LoadResult> {
  const specifier = 'autocannon';
  const autocannon = ((await import(specifier)) as { default: Autocannon }).default;
  const fixed = request.path;
  if (fixed === undefined && paths.length === 0) throw new Error('no paths were sent before a load');
  const before = process.cpuUsage();
  const figures = await autocannon({
    url: `http://127.0.0.1:${request.port}`,
    connections: request.connections,
    duration: request.seconds,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          path: fixed ?? paths[next++ % paths.length],
        }),
      },
    ],
  });
  const cpu = process.cpuUsage(before);
  return {
    requests: { total: figures.requests.total, average: figures.requests.average },
    non2xx: figures.non2xx,
    latency: { p50: figures.latency.p50, p99: figures.latency.p99 },
    clientCpuUs: (cpu.user + cpu.system) / Math.max(1, figures.requests.total),
  };
}

function main(): void {
  process.on('message', (message) => {
    if ((message as { paths?: string[] }).paths) {
      paths = (message as { paths: string[] }).paths;
      process.send?.({ ok: true });
      return;
    }
    load(message as LoadRequest).then(
      (result) => process.send?.({ ok: true, result }),
      (error: unknown) =>
        process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.send?.({ ready: true });
}

// Run as a script (forked by the benchmarks), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
