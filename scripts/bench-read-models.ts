/**
 * Every read model the API runs, rebuilt from a log, and the questions that combine them: municipality
 * capacity, the contract view (list size now and at a date) and a person's GP, each about now and as
 * known at a record time (`asOf`). Prints `name=value` lines; rounds give a median.
 *
 *   node --max-old-space-size=8192 dist/scripts/bench-national.js --persons 30000 --dir /tmp/flr-30k --no-rebuild-all --no-pg
 *   node --max-old-space-size=8192 dist/scripts/bench-read-models.js --dir /tmp/flr-30k [--rounds 3] [--samples 200]
 *
 * The log is the one bench-national writes (`<dir>/log`); each round rebuilds into a fresh folder
 * under `<dir>` and removes it. Lines: `rebuild_all_s_round_N`, `rebuild_all_s_median`, then per
 * question `<name>_p50_us` and `<name>_p99_us` (wall clock, over the samples, after the last round):
 * `contract_view_first_*` is each sampled contract's first question (caches derived per contract
 * are built then), `contract_view_*` the questions after it; `*_now` about now, `*_asof` as known
 * at a record time.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectionRuntime } from '@flr/projection-runtime';
import {
  allMemoryProjections,
  allProjections,
  contractDoc,
  contractView,
  type LinkIndex,
  LINK_INDEX,
  municipalityCapacity,
  ninString,
  PERSON_REGISTER,
  type PersonRegister,
  personGp,
  type Readers,
  type When,
} from '@flr/projections';
import { rebuildAllReadModels } from './rebuild-all';

interface Options {
  dir: string;
  rounds: number;
  samples: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { dir: '', rounds: 3, samples: 200 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === '--dir') options.dir = value;
    else if (flag === '--rounds' || flag === '--samples') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, not ${value}`);
      if (flag === '--rounds') options.rounds = n;
      else options.samples = n;
    } else throw new Error(`unknown flag ${flag} (use --dir D [--rounds N] [--samples N])`);
  }
  if (options.dir === '') throw new Error('--dir is required: the folder bench-national wrote its log into');
  return options;
}

type ContractDoc = NonNullable<ReturnType<typeof contractDoc>>;

const print = (name: string, value: string | number) => console.log(`${name}=${value}`);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The readers of every registered projection under their camel-cased names (`directory`,
 * `waitingLists`, `linkIndex`, `personRegister`, ...): the same code builds the readers of any
 * revision of the projections, so a before/after comparison runs one script.
 */
function readersOf(runtime: ProjectionRuntime): Readers {
  const readers: Record<string, unknown> = {};
  for (const p of allProjections) readers[camel(p.name)] = runtime.reader(p.name);
  for (const m of allMemoryProjections)
    Object.defineProperty(readers, camel(m.name), { get: () => runtime.memory(m.name), enumerable: true });
  return readers as unknown as Readers;
}

async function rebuildAll(
  dir: string,
  round: number,
): Promise<{ runtime: ProjectionRuntime; seconds: number; close: () => Promise<void> }> {
  const folder = join(dir, `read-models-bench-${round}`);
  const rebuilt = await rebuildAllReadModels(join(dir, 'log'), folder);
  // Stops the runtime and closes the log (rebuilt.close), then removes the folder. Overriding
  // runtime.stop instead recursed without end: rebuilt.close calls runtime.stop.
  const close = async () => {
    await rebuilt.close();
    rmSync(folder, { recursive: true, force: true });
  };
  return { runtime: rebuilt.runtime, seconds: rebuilt.seconds, close };
}

function timeEach(label: string, n: number, run: (i: number) => void): void {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    run(i);
    out[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  out.sort();
  print(`${label}_p50_us`, out[Math.floor(n / 2)]!.toFixed(1));
  print(`${label}_p99_us`, out[Math.min(n - 1, Math.floor(n * 0.99))]!.toFixed(1));
}

/** Every `step`-th value, up to `n` of them: deterministic samples. */
function spread<T>(values: readonly T[], n: number): T[] {
  const step = Math.max(1, Math.floor(values.length / n));
  const out: T[] = [];
  for (let i = 0; i < values.length && out.length < n; i += step) out.push(values[i]!);
  return out;
}

function questions(runtime: ProjectionRuntime, samples: number): void {
  const readers = readersOf(runtime);
  const index = runtime.memory<LinkIndex>(LINK_INDEX);
  const register = runtime.memory<PersonRegister>(PERSON_REGISTER);
  const today = new Date().toISOString().slice(0, 10);
  const asOf = Date.now();
  const municipalities = spread(
    [...new Set([...register.rows.values()].map((r) => r.municipality))].sort(),
    20,
  );
  const contracts = spread(index.contracts.values.slice(), samples)
    .map((id) => contractDoc(readers, id, undefined))
    .filter((doc): doc is ContractDoc => doc !== undefined);
  const persons = spread(
    Array.from({ length: index.personCount }, (_, i) => i),
    samples * 5,
  );
  const nins = persons.map((p) => ninString(index.personNin.array[p]!));
  const dates = ['2005-03-01', '2012-07-15', '2019-01-01', today];
  print('capacity_municipalities', municipalities.length);
  print('contract_samples', contracts.length);
  print('person_samples', nins.length);
  for (const [suffix, recordTime] of [
    ['now', undefined],
    ['asof', asOf],
  ] as const) {
    const when = (i: number): When => ({ at: dates[i % dates.length]!, asOf: recordTime, today });
    // The first question about each contract (in-memory models derive per-contract caches then),
    // then questions cycling over them with other dates.
    timeEach(`contract_view_first_${suffix}`, contracts.length, (i) =>
      contractView(readers, contracts[i]!, when(i)),
    );
    timeEach(`contract_view_${suffix}`, samples, (i) =>
      contractView(readers, contracts[i % contracts.length]!, when(i + 1)),
    );
    timeEach(`capacity_${suffix}`, municipalities.length, (i) =>
      municipalityCapacity(readers, municipalities[i]!, when(i)),
    );
    timeEach(`person_gp_${suffix}`, nins.length, (i) => personGp(readers, nins[i]!, when(i)));
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const times: number[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const { runtime, seconds, close } = await rebuildAll(options.dir, round);
    if (round === 1)
      print(
        'rebuild_all_projections',
        runtime
          .status()
          .map((s) => s.name)
          .join(','),
      );
    print(`rebuild_all_s_round_${round}`, seconds.toFixed(2));
    times.push(seconds);
    if (round === options.rounds) questions(runtime, options.samples);
    await close();
  }
  print('rebuild_all_s_median', median(times).toFixed(2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
