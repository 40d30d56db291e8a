import type { RecordedEvent } from '@flr/event-store';
import fc from 'fast-check';
import { LINK_HISTORY, linkHistoryProjection } from '../testing/link-history/definition';
import { patientsAt } from '../testing/link-history/patients';
import { currentAndPending, findPerson, historyOf, linkAt } from '../testing/link-history/queries';
import { addDays } from '../shared/dates';
import { recordTimeOf } from '../shared/record-time';
import { fold } from '../testing/history';
import { randomHistory } from '../testing/random-history';
import { dayNumber, dayText, OPEN_END_DAY } from './days';
import { linkIndexProjection } from './definition';
import type { LinkIndex } from './model';
import { ninString } from './nin-table';
import { listAt, listColumnsAt, listSizeAt } from './lists';
import { currentAndPendingOf, gpAt, gpAtBatch, history, linkView, personOfNin } from './queries';

const TODAY = '2026-11-22';
const FIXED_DATES = [
  '2001-05-31',
  '2001-06-01',
  '2003-07-01',
  '2006-02-14',
  '2010-01-01',
  '2015-06-30',
  '2026-11-22',
];
const CONTRACTS = ['C0', 'C1', 'C2', 'NONE'];
const { create, evolve, encode, decode, eventTypes } = linkIndexProjection;

/** The fixed dates plus every begin and end date of the history and the day before it (the edges). */
function datesOf(events: readonly RecordedEvent[]): string[] {
  const edges = events.flatMap((e) => {
    const d = e.data as { from?: unknown; to?: unknown };
    return [d.from, d.to].filter((x): x is string => typeof x === 'string');
  });
  return [...new Set([...FIXED_DATES, ...edges, ...edges.map((x) => addDays(x, -1))])].sort();
}

const relevant = (events: readonly RecordedEvent[]) => events.filter((e) => eventTypes!.includes(e.type));

function replay(events: readonly RecordedEvent[], model = create()): LinkIndex {
  for (const e of relevant(events)) evolve(model, e);
  return model;
}

const bytes = (model: LinkIndex) => Buffer.concat(encode(model));

const ninsOf = (events: readonly RecordedEvent[]) => [
  ...new Set(
    events.flatMap((e) => {
      const d = e.data as { nin?: string; newNin?: string };
      return [d.nin, d.newNin].filter((x): x is string => typeof x === 'string');
    }),
  ),
];

/** What the link index answers about a history (gp at, history, lists, patients, sizes). */
function indexAnswers(
  index: LinkIndex,
  dates: readonly string[],
  nins: readonly string[],
  asOf?: number,
): unknown[] {
  const out: unknown[] = [];
  // A batch of every (nin, date) question answers link by link as gp at a date does one by one.
  const pairs = dates.flatMap((at) => [...nins, 'not-a-nin'].map((nin) => ({ nin, at })));
  const batch = gpAtBatch(index, pairs, asOf);
  expect(Array.from(batch, (link) => (link < 0 ? null : linkView(index, link, asOf)))).toEqual(
    pairs.map((p) => gpAt(index, p.nin, p.at, asOf) ?? null),
  );
  for (const date of dates) {
    for (const nin of nins) {
      out.push(gpAt(index, nin, date, asOf) ?? null);
      const person = personOfNin(index, nin, asOf);
      out.push(person < 0 ? null : currentAndPendingOf(index, person, date, asOf));
    }
    for (const c of CONTRACTS) {
      const whole = listAt(index, c, date, { asOf }).items;
      const rows = whole.map((p) => `${p.nin} ${p.period.from} ${p.period.to}`);
      const columns = listColumnsAt(index, c, dayNumber(date), asOf);
      const columnRows = Array.from({ length: columns.count }, (_, i) => {
        const to = columns.to[i] === OPEN_END_DAY ? null : dayText(columns.to[i]!);
        return `${ninString(columns.nins[i]!)} ${dayText(columns.from[i]!)} ${to}`;
      });
      expect(columnRows).toEqual(rows);
      out.push(rows.sort());
      out.push(listSizeAt(index, c, date, asOf));
    }
  }
  for (const nin of nins) out.push(history(index, nin, asOf) ?? null);
  return out;
}

/** The same questions answered by the link-history read model (the reference implementation). */
function referenceAnswers(
  events: readonly RecordedEvent[],
  dates: readonly string[],
  nins: readonly string[],
  asOf?: number,
): unknown[] {
  const r = fold([linkHistoryProjection], events).get(LINK_HISTORY)!;
  const out: unknown[] = [];
  for (const date of dates) {
    for (const nin of nins) {
      const person = findPerson(r, nin, asOf);
      out.push((person && linkAt(person, date, asOf)) ?? null);
      out.push(person ? currentAndPending(person, date, asOf) : null);
    }
    for (const c of CONTRACTS) {
      const whole = patientsAt(r, c, date, { limit: 1e6, asOf, today: TODAY, index: 'f' }).items;
      out.push(whole.map((p) => `${p.nin} ${p.period.from} ${p.period.to}`).sort());
      out.push(whole.length);
    }
  }
  for (const nin of nins) {
    const person = findPerson(r, nin, asOf);
    out.push(person ? historyOf(person, asOf) : null);
  }
  return out;
}

describe('link index (compact in-memory read model) over random valid histories', () => {
  it('answers exactly as the link-history read model, now and as known at any record time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 10, max: 80 }),
        fc.nat(1000),
        (seed, steps, cut) => {
          const { events } = randomHistory(seed, steps);
          const nins = ninsOf(events);
          const dates = datesOf(events);
          const index = replay(events);
          expect(indexAnswers(index, dates, nins)).toEqual(referenceAnswers(events, dates, nins));
          const asOf = recordTimeOf(events[cut % events.length]!);
          expect(indexAnswers(index, dates, nins, asOf)).toEqual(referenceAnswers(events, dates, nins, asOf));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('snapshot + catch-up = full replay = live updates with queries in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.nat(1000), (seed, cut) => {
        const { events } = randomHistory(seed, 60);
        const nins = ninsOf(events);
        const k = cut % (events.length + 1);
        const restored = replay(events.slice(k), decode(bytes(replay(events.slice(0, k)))));
        const live = create();
        relevant(events).forEach((e, i) => {
          evolve(live, e);
          if (i % 5 === 0) indexAnswers(live, FIXED_DATES, nins);
        });
        const full = replay(events);
        expect(bytes(restored)).toEqual(bytes(full));
        expect(bytes(live)).toEqual(bytes(full));
        const dates = datesOf(events);
        expect(indexAnswers(restored, dates, nins)).toEqual(indexAnswers(full, dates, nins));
      }),
      { numRuns: 40 },
    );
  });

  it('pages of patients walk the whole list once, in the same order as one whole page', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 3 }), (seed, size) => {
        const { events } = randomHistory(seed, 80, 10);
        const index = replay(events);
        for (const c of CONTRACTS)
          for (const date of datesOf(events)) {
            const whole = listAt(index, c, date).items;
            const paged: typeof whole = [];
            let page = listAt(index, c, date, { limit: size });
            paged.push(...page.items);
            while (page.next) {
              page = listAt(index, c, date, { limit: size, after: page.next });
              paged.push(...page.items);
            }
            expect(paged).toEqual(whole);
          }
      }),
      { numRuns: 30 },
    );
  });
});
