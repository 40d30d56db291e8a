import { calibrationReport, generateHistory, NATIONAL_RESIDENTS_2001 } from '@flr/testing';
import { Command, Option } from 'nest-commander';
import { appendHistory, type HistoryEvent } from '../register/append-history';
import { type BaseOptions, businessDate, positiveInteger, RegisterCommand } from '../shared/base-command';
import { Progress } from '../shared/progress';
import { openRegisterForWriting } from '../shared/register-store';

interface GenerateOptions extends BaseOptions {
  persons?: number;
  seed?: string;
  from?: string;
  to?: string;
}

/** About 8.6 events per person over 2001–2025 (1M persons gave 8.59M events). */
const EVENTS_PER_PERSON = 8.6;

@Command({
  name: 'generate',
  description:
    'write a synthetic national history (2001 to --to) into the register folder; rerunning the same ' +
    'command after an interruption completes it (deterministic event ids)',
})
export class GenerateCommand extends RegisterCommand<GenerateOptions> {
  async execute(_args: string[], options: GenerateOptions): Promise<void> {
    const persons = options.persons ?? NATIONAL_RESIDENTS_2001;
    const seed = options.seed ?? 'flr';
    const to = options.to ?? firstOfThisMonth();
    const history = generateHistory({ persons, seed, from: options.from, to });
    const store = await openRegisterForWriting(this.location(options));
    try {
      await this.checkSameHistory(store, history);
      const progress = new Progress('generate', Math.round(persons * EVENTS_PER_PERSON));
      const started = Date.now();
      const events = await appendHistory(store, history as Iterable<HistoryEvent>, {
        onProgress: (n) => progress.update(n),
      });
      progress.stop();
      const s = history.summary;
      process.stdout.write(
        `generated ${events} events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s.persons} persons, ` +
          `${s.contracts} lists, ${s.gps} GPs, ${s.from} to ${s.to} (seed ${seed})\n\n` +
          `${calibrationReport(s.calibration, persons)}\n`,
      );
    } finally {
      await store.close();
    }
  }

  /** A register holding another history is never mixed with this one; the same history resumes. */
  private async checkSameHistory(
    store: Awaited<ReturnType<typeof openRegisterForWriting>>,
    history: Iterable<HistoryEvent>,
  ): Promise<void> {
    if ((await store.headPosition()) === 0n) return;
    let first: string | undefined;
    for await (const event of store.readAll({ maxCount: 1 })) first = event.id;
    const [expected] = take(history, 1);
    if (first !== expected?.id) {
      throw new Error(
        'The register folder already holds another history; generate into an empty folder ' +
          '(or rerun with the same --persons, --seed, --from and --to to complete an interrupted run)',
      );
    }
  }

  @Option({
    flags: '-n, --persons <n>',
    description: `residents on the start date (default ${NATIONAL_RESIDENTS_2001}: the country in 2001); lists scale with them`,
  })
  parsePersons(value: string): number {
    return positiveInteger('--persons', value);
  }

  @Option({
    flags: '--seed <seed>',
    description: 'random seed (default "flr"); the same seed gives the same history',
  })
  parseSeed(value: string): string {
    return value;
  }

  @Option({
    flags: '--from <date>',
    description: 'start of the scheme (default 2001-06-01; the 1st of a month)',
  })
  parseFrom(value: string): string {
    return businessDate('--from', value);
  }

  @Option({
    flags: '--to <date>',
    description: 'end of the simulated registrations, exclusive (default the 1st of the current month)',
  })
  parseTo(value: string): string {
    return businessDate('--to', value);
  }
}

/** "Today" to the month, so the default history is the same all month (UTC date; a business date). */
function firstOfThisMonth(): string {
  return `${new Date().toISOString().slice(0, 7)}-01`;
}

function take<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= n) break;
    out.push(item);
  }
  return out;
}
