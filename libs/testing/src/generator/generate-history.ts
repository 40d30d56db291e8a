import { isValidBusinessDate } from '@flr/domain';
import { bootstrap } from './bootstrap';
import { emptySummary, type GeneratedEvent, type HistorySummary } from './generated-event';
import {
  DEFAULT_CONTRACTS_PER_THOUSAND,
  DEFAULT_FROM,
  DEFAULT_TO,
  type GenerateHistoryOptions,
} from './options';
import { simulate } from './simulate';
import { World } from './world';

/** A lazily generated history: iterate it (more than once if needed: each pass restarts from the seed). */
export interface GeneratedHistory extends Iterable<GeneratedEvent> {
  /** Counts of the latest pass; `complete` once it ran to the end. */
  readonly summary: HistorySummary;
}

/**
 * A deterministic synthetic history of the register (seeded; no clock, no Math.random): persons with
 * synthetic fnr (month + 80, §1.3), lists, GPs, the 2001 distribution and the yearly churn up to `to`.
 * Events are yielded in append order (registration day order); the generator streams, holding only
 * typed-array state per person.
 */
export function generateHistory(options: GenerateHistoryOptions): GeneratedHistory {
  const from = options.from ?? DEFAULT_FROM;
  const to = options.to ?? DEFAULT_TO;
  if (!Number.isInteger(options.persons) || options.persons < 1) {
    throw new RangeError('persons must be a positive integer');
  }
  if (!isValidBusinessDate(from) || !isValidBusinessDate(to) || to <= from) {
    throw new RangeError('from and to must be business dates with from < to');
  }
  // The start is registered the day before `from`, and municipality data begins on 2001-01-01.
  if (from < '2001-02-01') throw new RangeError('from must be on or after 2001-02-01 (municipality data)');
  if (!from.endsWith('-01'))
    throw new RangeError('from must be the 1st of a month (lists change on the 1st, R17)');
  const perThousand = options.contractsPerThousand ?? DEFAULT_CONTRACTS_PER_THOUSAND;
  if (!(perThousand > 0)) throw new RangeError('contractsPerThousand must be positive');

  let summary = emptySummary(options.seed, from, to);
  return {
    get summary() {
      return summary;
    },
    *[Symbol.iterator]() {
      summary = emptySummary(options.seed, from, to);
      const w = new World(
        options.seed,
        from,
        to,
        options.rates,
        options.actor ?? 'synthetic-generator',
        summary,
      );
      yield* bootstrap(w, options.persons, perThousand);
      yield* simulate(w, options.persons / w.book.size);
      finish(w, summary);
    },
  };
}

function finish(w: World, summary: HistorySummary): void {
  summary.persons = w.pop.size;
  summary.residentsAtEnd = w.pop.aliveCount;
  let listed = 0;
  for (let i = 0; i < w.pop.aliveCount; i++) if (w.pop.contract[w.pop.aliveAt(i)] >= 0) listed++;
  summary.listedAtEnd = listed;
  summary.contracts = w.book.size;
  summary.gps = w.gpCount;
  let vacant = 0;
  for (let c = 0; c < w.book.size; c++) if (w.book.gp[c] === 0 && !w.book.canceled(c)) vacant++;
  summary.vacantListsAtEnd = vacant;
  // A year's changes are reported once the history covers the whole year.
  for (const f of summary.calibration) {
    const year = Number(f.date.slice(0, 4));
    if (`${year + 1}-01-01` <= w.to) f.voluntaryChanges = summary.voluntaryChangesByYear[year] ?? 0;
  }
  summary.complete = true;
}
