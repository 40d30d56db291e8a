import type { RecordedEvent } from '@flr/event-store';
import fc from 'fast-check';
import { randomHistory } from '../testing/random-history';
import { Scenario } from '../testing/scenario';
import { dayNumber, dayText } from './days';
import { linkIndexProjection } from './definition';
import { type ListCursor, listAt } from './lists';
import type { LinkIndex } from './model';

/**
 * Patients of a list now skips blocks of links that had all ended; asked with an `asOf` after every
 * record time, the same question takes the plain scan. Both must give the same rows (nins as they
 * are now, after any nin change), whole and paged, on lists long enough to hold many blocks, and
 * after every live update (the cached blocks follow each change).
 */
const CONTRACTS = ['C0', 'C1', 'C2'];
const LATER = Number.MAX_SAFE_INTEGER;
const { create, evolve, eventTypes } = linkIndexProjection;

const rows = (items: ReturnType<typeof listAt>['items']) =>
  items.map((p) => `${p.nin} ${p.period.from} ${p.period.to ?? ''}`);

function paged(index: LinkIndex, contractId: string, date: string, size: number): string[] {
  const out: string[] = [];
  let after: ListCursor | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = listAt(index, contractId, date, { limit: size, after });
    out.push(...rows(page.items));
    if (!page.next) return out;
    after = page.next;
  }
  throw new Error('paging did not end');
}

function datesOf(events: readonly RecordedEvent[]): string[] {
  const days = events.flatMap((e) => {
    const d = e.data as { from?: unknown; to?: unknown };
    return [d.from, d.to].filter((x): x is string => typeof x === 'string').map(dayNumber);
  });
  const edges = days.flatMap((d) => [d - 1, d, d + 1]);
  return [...new Set(edges)].sort((a, b) => a - b).map(dayText);
}

function expectSameLists(index: LinkIndex, dates: readonly string[], pageSize: number): number {
  let longest = 0;
  for (const c of CONTRACTS)
    for (const date of dates) {
      const now = rows(listAt(index, c, date).items);
      expect(now).toEqual(rows(listAt(index, c, date, { asOf: LATER }).items));
      expect(paged(index, c, date, pageSize)).toEqual(now);
      const contract = index.contracts.find(c);
      longest = Math.max(
        longest,
        contract === undefined ? 0 : (index.linksOfContract[contract]?.length ?? 0),
      );
    }
  return longest;
}

describe('patients of a list now, with ended blocks skipped', () => {
  it('equal the plain scan, whole and paged, on long lists and after every live update', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 40 }),
        (seed, pageSize) => {
          const events = randomHistory(seed, 900, 70).events.filter((e) => eventTypes!.includes(e.type));
          const dates = datesOf(events).filter((_, i) => i % 7 === 0);
          const index = create();
          let longest = 0;
          for (let i = 0; i < events.length; i++) {
            evolve(index, events[i]!);
            if (i % 150 === 149) longest = Math.max(longest, expectSameLists(index, dates, pageSize));
          }
          longest = Math.max(longest, expectSameLists(index, dates, pageSize));
          // The lists must span several blocks of 32 links, or the skip was never exercised.
          expect(longest).toBeGreaterThan(64);
        },
      ),
      { numRuns: 8 },
    );
  }, 120_000);
});

describe('patients of a list now, after a nin change', () => {
  it('show the new nin once the change is in, though the list was asked before it', () => {
    const s = new Scenario()
      .contract('C0', '2001-01-01')
      .person('p1', '01018512345')
      .person('p2', '02028512345')
      .list('p1', 'C0', '2002-01-01', '2001-12-01T10:00:00Z')
      .list('p2', 'C0', '2002-01-01', '2001-12-01T10:01:00Z');
    const index = create();
    for (const e of s.events) evolve(index, e);
    const before = listAt(index, 'C0', '2003-01-01').items.map((p) => p.nin);
    expect(before.sort()).toEqual(['01018512345', '02028512345']);
    const change = new Scenario().add(
      'PersonNinChanged',
      { personId: 'p2', oldNin: '02028512345', newNin: '42028512345' },
      '2003-02-01T09:00:00Z',
    );
    evolve(index, { ...change.events[0]!, position: 1_000_000n });
    const after = listAt(index, 'C0', '2003-01-01').items.map((p) => p.nin);
    expect(after.sort()).toEqual(['01018512345', '42028512345']);
  });
});
