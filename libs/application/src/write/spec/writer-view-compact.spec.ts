import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ContractLinks } from '../contract-links';
import { WriterView } from '../writer-view';
import { dayOf, int32Column, withSpare } from '../writer-view-columns';
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
        const restored = new BirthDays(persons);
        restored.restore(born.snapshot());
        expect([...restored]).toEqual([...born]);
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
        // Association ids are unique to a person on one list, as the deciders make them.
        const ids = (l: { contract: string; association: number; person: number }) => ({
          association: `a-${l.contract}-${l.person}-${l.association}`,
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

describe('giving back the room a fold from the log leaves', () => {
  it('a trimmed column keeps its cells and its fill value, and grows again', () => {
    const column = int32Column(-1);
    for (let i = 0; i < 5_000; i++) column.reserve(i)[i] = i * 3;
    expect(column.array.length).toBeGreaterThan(withSpare(5_000));
    expect(column.trim(5_000)).toBe(true);
    expect(column.array.length).toBe(withSpare(5_000));
    expect(column.trim(5_000)).toBe(false);
    for (let i = 0; i < 5_000; i++) expect(column.array[i]).toBe(i * 3);
    expect(column.array[5_000]).toBe(-1);
    const grown = column.reserve(withSpare(5_000) + 10);
    expect(grown[withSpare(5_000) + 5]).toBe(-1);
    expect(grown[4_999]).toBe(4_999 * 3);
  });

  it('a compacted view answers as before, and takes new links and persons after it', () => {
    const view = new WriterView();
    const persons = 3_000;
    const listed = (p: number, contract: string, from: string) =>
      view.links.listed(contract, `a-${contract}-${p}`, `p-${p}`, from);
    for (let p = 0; p < persons; p++) {
      view.ninIndex.set(String(10_000_000_000 + p), `p-${p}`);
      view.bornOn.add(`p-${p}`, '1990-01-01');
      listed(p, p % 3 === 0 ? 'L-A' : 'L-B', '2020-01-01');
      if (p % 5 === 0) view.links.unlisted('L-B', `a-L-B-${p}`, `p-${p}`, '2020-06-01');
      if (p % 7 === 0) view.emigrated.add(`p-${p}`);
    }
    const answers = () => ({
      a: view.links.countOn('L-A', '2020-03-01'),
      b: view.links.countOn('L-B', '2020-07-01'),
      members: view.links.membersOn('L-B', '2020-07-01', { staying: true }),
      nin: view.ninIndex.get(String(10_000_000_000 + 2_999)),
      born: view.bornOn.get('1990-01-01')?.length,
      emigrated: [...view.emigrated].length,
    });
    const before = answers();
    view.compact();
    expect(answers()).toEqual(before);
    for (let p = persons; p < persons + 2_000; p++) {
      view.ninIndex.set(String(10_000_000_000 + p), `p-${p}`);
      listed(p, 'L-A', '2020-02-01');
    }
    expect(view.links.countOn('L-A', '2020-03-01')).toBe(before.a + 2_000);
    expect(view.ninIndex.get(String(10_000_000_000 + persons + 1_999))).toBe(`p-${persons + 1_999}`);
    expect(viaSnapshot(view).links.countOn('L-A', '2020-03-01')).toBe(before.a + 2_000);
  });
});
