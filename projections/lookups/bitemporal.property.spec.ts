import fc from 'fast-check';
import { contractDoc, contractView } from '../directory/contract-view';
import { allProjections } from '../index';
import { municipalityCapacity } from '../capacity/capacity';
import { listAt, listSizeAt } from '../link-index/lists';
import { gpAt, history } from '../link-index/queries';
import type { Readers } from '../shared/readers';
import { recordTimeOf } from '../shared/record-time';
import { fold, readersOf } from '../testing/history';
import { randomHistory } from '../testing/random-history';
import { waitingList } from '../waiting-lists/waiting-lists';
import { personGp } from './person-gp';

const TODAY = '2026-11-22';
const DATES = [
  '2001-05-31',
  '2001-06-01',
  '2003-07-01',
  '2006-02-14',
  '2010-01-01',
  '2015-06-30',
  '2020-12-31',
  '2026-11-22',
];
const CONTRACTS = ['C0', 'C1', 'C2'];
/** A record time after every event of a random history: as known then = as known now, by the scanning path. */
const LATER = Date.parse('2100-01-01T00:00:00Z');

/** Every answer the read side gives about a history, at a set of dates, optionally as known at `asOf`. */
function answers(r: Readers, nins: readonly string[], asOf?: number): unknown {
  const out: unknown[] = [];
  for (const at of DATES) {
    const when = { at, asOf, today: TODAY };
    for (const nin of nins) out.push(personGp(r, nin, when));
    for (const c of CONTRACTS) {
      const doc = contractDoc(r, c, asOf);
      out.push(doc && contractView(r, doc, when));
      out.push(waitingList(r.waitingLists, c, { at, asOf }));
      out.push(
        listAt(r.linkIndex, c, at, { asOf })
          .items.map((p) => p.nin)
          .sort(),
      );
    }
    out.push(municipalityCapacity(r, '0301', when));
  }
  for (const nin of nins) out.push(history(r.linkIndex, nin, asOf));
  return out;
}

const ninsOf = (s: ReturnType<typeof randomHistory>) => [
  ...new Set(
    s.events.flatMap((e) => {
      const d = e.data as { nin?: string; newNin?: string };
      return [d.nin, d.newNin].filter((x): x is string => typeof x === 'string');
    }),
  ),
];

describe('bitemporal read models over random valid histories', () => {
  it('asOf T answers exactly what a register fed only the events recorded by T would answer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 10, max: 60 }),
        fc.nat(1000),
        (seed, steps, cut) => {
          const s = randomHistory(seed, steps);
          const k = cut % s.events.length;
          const asOf = recordTimeOf(s.events[k]);
          const prefix = s.events.filter((e) => recordTimeOf(e) <= asOf);
          const nins = ninsOf(s);
          const full = readersOf(fold(allProjections, s.events));
          const past = readersOf(fold(allProjections, prefix));
          expect(answers(full, nins, asOf)).toEqual(answers(past, nins));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('list sizes, patients (skipping ended blocks and scanning) and point-in-time links agree with a brute-force recount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 10, max: 80 }),
        (seed, steps) => {
          const s = randomHistory(seed, steps);
          const r = readersOf(fold(allProjections, s.events));
          const nins = ninsOf(s);
          for (const at of DATES) {
            const brute = new Map<string, string[]>();
            for (const nin of nins) {
              const link = gpAt(r.linkIndex, nin, at);
              if (link) brute.set(link.contractId, [...(brute.get(link.contractId) ?? []), nin]);
            }
            for (const c of CONTRACTS) {
              const expected = (brute.get(c) ?? []).sort();
              expect(listSizeAt(r.linkIndex, c, at)).toBe(expected.length);
              expect(listSizeAt(r.linkIndex, c, at, LATER)).toBe(expected.length);
              for (const asOf of [undefined, LATER])
                expect(
                  listAt(r.linkIndex, c, at, { asOf })
                    .items.map((p) => p.nin)
                    .sort(),
                ).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a rebuild from scratch equals the read models built live, event by event with queries in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const s = randomHistory(seed, 50);
        const live = fold(allProjections, []);
        const nins = ninsOf(s);
        s.events.forEach((e, i) => {
          live.evolve(e);
          if (i % 7 === 0) answers(readersOf(live), nins);
        });
        const rebuilt = fold(allProjections, s.events);
        for (const def of allProjections)
          expect(live.get(def.name)!.dump()).toEqual(rebuilt.get(def.name)!.dump());
        // The in-memory models' caches (list blocks and sizes) were built between events: answers still agree.
        expect(answers(readersOf(live), nins)).toEqual(answers(readersOf(rebuilt), nins));
      }),
      { numRuns: 20 },
    );
  });
});
