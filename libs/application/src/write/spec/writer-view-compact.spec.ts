import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ContractLinks } from '../contract-links';
import { WriterView } from '../writer-view';
import { dayOf } from '../writer-view-columns';
import { OrdinalTable, PersonIds } from '../writer-view-ids';
import { BirthDays, PersonSet } from '../writer-view-persons';
import { loadWriterViewSnapshot, saveWriterViewSnapshot } from '../writer-view-snapshot';

/**
 * The writer view's compact parts answer exactly as the plain maps they replace (the reference
 * models below), through any sequence of changes, and again after a snapshot and restore.
 */
const uuid = fc.uuid({ version: 4 });
/** Ids the register makes (lowercase uuids), upper-case ones and test names: all kept exactly. */
const anyId = fc.oneof(
  uuid,
  uuid.map((id) => id.toUpperCase()),
  fc.constantFrom('p-1', 'p-2', 'anna'),
);
const nin = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => `0${String(n * 1_234_567).padStart(10, '0')}`.slice(-11)),
  fc.constantFrom('00000000000', '123', 'abcdefghijk'),
);
const day = fc
  .integer({ min: 0, max: 40 })
  .map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));

function viaSnapshot(view: WriterView): WriterView {
  const dir = mkdtempSync(join(tmpdir(), 'nat3-compact-'));
  try {
    saveWriterViewSnapshot(view, join(dir, 'view.snapshot'));
    const loaded = loadWriterViewSnapshot(join(dir, 'view.snapshot'));
    if (loaded.kind !== 'restored') throw new Error(`not restored: ${loaded.reason}`);
    return loaded.view;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the writer view in columns', () => {
  it('interns person ids exactly, whatever their shape, and gives each back as it came', () => {
    fc.assert(
      fc.property(fc.array(anyId, { maxLength: 300, size: 'max' }), (ids) => {
        const persons = new PersonIds();
        const model = new Map<string, number>();
        for (const id of ids) {
          const ordinal = persons.intern(id);
          if (!model.has(id)) model.set(id, model.size);
          expect(ordinal).toBe(model.get(id));
        }
        for (const [id, ordinal] of model) {
          expect(persons.find(id)).toBe(ordinal);
          expect(persons.idOf(ordinal)).toBe(id);
        }
        expect(persons.find('never-seen')).toBe(-1);
      }),
    );
  });

  it('finds every key after deletions in the middle of long probe runs, and grows without losing one', () => {
    const step = fc.record({ key: fc.integer({ min: 0, max: 1_500 }), remove: fc.boolean() });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.array(step, { minLength: 100, maxLength: 2_500, size: 'max' }),
        (homes, steps) => {
          const keyOf: number[] = [];
          // A poor hash on purpose: keys share a few home slots at the table's end, so runs wrap round
          // to its start and deletions shift entries back across the wrap.
          const home = (key: number) => (key % homes) - homes;
          const table = new OrdinalTable((ordinal) => home(keyOf[ordinal]!));
          const model = new Map<number, number>();
          for (const { key, remove } of steps) {
            const matches = (ordinal: number) => keyOf[ordinal] === key;
            if (remove) {
              expect(table.remove(home(key), matches)).toBe(model.delete(key));
            } else {
              const ordinal = keyOf.push(key) - 1;
              table.put(home(key), ordinal, matches);
              model.set(key, ordinal);
            }
          }
          expect(table.size).toBe(model.size);
          for (const { key } of steps)
            expect(table.find(home(key), (o) => keyOf[o] === key)).toBe(model.get(key) ?? -1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers nin look-ups as a Map would through sets, changes and deletions', () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('set' as const), nin, person: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ op: fc.constant('delete' as const), nin }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400, size: 'max' }), (steps) => {
        const view = new WriterView();
        const model = new Map<string, string>();
        const personId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
        for (const s of steps) {
          if (s.op === 'set') {
            // As the view applies a registration or a nin change: one nin per person at a time.
            for (const [held, holder] of model) {
              if (holder !== personId(s.person)) continue;
              view.ninIndex.delete(held);
              model.delete(held);
            }
            view.ninIndex.set(s.nin, personId(s.person));
            model.set(s.nin, personId(s.person));
          } else {
            expect(view.ninIndex.delete(s.nin)).toBe(model.delete(s.nin));
          }
        }
        const expected = [...model].sort();
        expect([...view.ninIndex].sort()).toEqual(expected);
        expect(view.ninIndex.size).toBe(model.size);
        expect([...viaSnapshot(view).ninIndex].sort()).toEqual(expected);
        for (const s of steps) expect(view.ninIndex.get(s.nin)).toBe(model.get(s.nin));
      }),
      { numRuns: 25 },
    );
  });

  it('keeps birth dates and the emigrated as a map of lists and a set would', () => {
    const step = fc.record({
      person: fc.integer({ min: 0, max: 20 }),
      born: day,
      emigrate: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 100, size: 'max' }), (steps) => {
        const persons = new PersonIds();
        const born = new BirthDays(persons);
        const emigrated = new PersonSet(persons);
        const bornModel = new Map<string, string[]>();
        const emigratedModel = new Set<string>();
        const registered = new Set<number>();
        for (const s of steps) {
          const id = `p-${s.person}`;
          if (!registered.has(s.person)) {
            registered.add(s.person);
            born.add(id, s.born);
            bornModel.set(s.born, [...(bornModel.get(s.born) ?? []), id]);
          }
          if (s.emigrate) {
            emigrated.add(id);
            emigratedModel.add(id);
          } else {
            expect(emigrated.delete(id)).toBe(emigratedModel.delete(id));
          }
        }
        for (const s of steps) expect(born.get(s.born)).toEqual(bornModel.get(s.born));
        expect([...born].sort()).toEqual([...bornModel].sort());
        expect([...emigrated].sort()).toEqual([...emigratedModel].sort());
        expect(emigrated.size).toBe(emigratedModel.size);
      }),
    );
  });

  it('counts and lists the members of a list as the plain links did, before and after a snapshot', () => {
    const link = fc.record({
      contract: fc.constantFrom('L-A', 'L-B'),
      association: fc.integer({ min: 0, max: 12 }),
      person: fc.integer({ min: 0, max: 6 }),
    });
    const step = fc.oneof(
      fc.record({ op: fc.constant('listed' as const), link, on: day }),
      fc.record({ op: fc.constant('unlisted' as const), link, on: day }),
      fc.record({ op: fc.constant('reopened' as const), link, on: fc.option(day) }),
      fc.record({ op: fc.constant('withdrawn' as const), link }),
    );
    type Span = { personId: string; from: string; to: string | null };
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120, size: 'max' }), day, (steps, date) => {
        const view = new WriterView();
        const model = new Map<string, Map<string, Span>>();
        // Association ids are unique to a person, as the deciders make them.
        const ids = (l: { association: number; person: number }) => ({
          association: `a-${l.person}-${l.association}`,
          personId: `p-${l.person}`,
        });
        for (const s of steps) {
          const { association, personId } = ids(s.link);
          const spans = model.get(s.link.contract) ?? new Map<string, Span>();
          model.set(s.link.contract, spans);
          const span = spans.get(association);
          if (s.op === 'listed') {
            view.links.listed(s.link.contract, association, personId, s.on);
            spans.set(association, { personId, from: s.on, to: null });
          } else if (s.op === 'unlisted') {
            view.links.unlisted(s.link.contract, association, personId, s.on);
            if (span) span.to = s.on;
          } else if (s.op === 'reopened') {
            view.links.reopened(s.link.contract, association, personId, s.on);
            if (span) span.to = s.on;
          } else {
            view.links.withdrawn(s.link.contract, association, personId);
            spans.delete(association);
          }
        }
        const restored = viaSnapshot(view);
        for (const contract of ['L-A', 'L-B', 'L-NONE']) {
          const spans = [...(model.get(contract)?.values() ?? [])];
          const on = spans.filter((l) => l.from <= date && (l.to === null || date < l.to));
          const count = on.length;
          const members = [...new Set(on.map((l) => l.personId))].sort();
          const staying = [...new Set(on.filter((l) => l.to === null).map((l) => l.personId))];
          const arriving = [
            ...new Set([...staying, ...spans.filter((l) => l.from > date).map((l) => l.personId)]),
          ];
          for (const links of [view.links, restored.links]) {
            expect(links.countOn(contract, date)).toBe(count);
            expect(links.membersOn(contract, date)).toEqual(members);
            expect(links.membersOn(contract, date, { staying: true })).toEqual(staying.sort());
            expect(links.membersOn(contract, date, { staying: true, arriving: true })).toEqual(
              arriving.sort(),
            );
          }
        }
        expect([...restored.links.entries()]).toEqual([...view.links.entries()]);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a date that is not a calendar day rather than miscounting', () => {
    expect(dayOf('2024-02-29')).toBe(dayOf('2024-03-01') - 1);
    expect(() => dayOf('2023-02-29')).toThrow('"2023-02-29" is not a date');
    const links = new ContractLinks(new PersonIds());
    links.listed('L-A', 'a-1', 'p-1', '2024-01-01');
    expect(() => links.countOn('L-A', '2024-1-1')).toThrow('"2024-1-1" is not a date');
  });
});
