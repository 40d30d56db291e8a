import type { Key, ReadModelReader, ReadModelTx } from '../shared/read-model';
import { readDoctorPeriods, readDoctorPeriodsForQuery, writeDoctorPeriods } from './doctors-codec';
import type { DoctorPeriodDoc } from './model';

/** A map-backed read model counting its gets, with a stamp the test moves by hand. */
function store(withStamp: boolean) {
  const rows = new Map<string, unknown>();
  let stamp = 1;
  let gets = 0;
  const tx: ReadModelTx & { stamp?: () => number } = {
    get: <T>(key: Key) => {
      gets++;
      // As LMDB does: every get decodes a fresh copy.
      const value = rows.get(JSON.stringify(key));
      return (value === undefined ? undefined : structuredClone(value)) as T | undefined;
    },
    range: () => [],
    put: (key: Key, value: unknown) => void rows.set(JSON.stringify(key), structuredClone(value)),
    append: (key: Key, value: unknown) => void rows.set(JSON.stringify(key), structuredClone(value)),
    remove: (key: Key) => void rows.delete(JSON.stringify(key)),
  };
  if (withStamp) tx.stamp = () => stamp;
  return { tx, gets: () => gets, write: () => stamp++ };
}

const period = (id: string, to?: string): DoctorPeriodDoc => ({
  id,
  hpr: 1000001,
  relationship: 'LPFL',
  from: '2020-01-01',
  substituteForHpr: null,
  workingPercentage: null,
  recordedAt: 1,
  ends: to ? [{ recordedAt: 2, to }] : [],
});

describe('readDoctorPeriodsForQuery', () => {
  it('decodes a contract once while the reader stamp stays the same, and again once it changes', () => {
    const s = store(true);
    writeDoctorPeriods(s.tx, 'c1', [period('p1')]);
    const reader: ReadModelReader = s.tx;
    const first = readDoctorPeriodsForQuery(reader, 'c1');
    expect(readDoctorPeriodsForQuery(reader, 'c1')).toBe(first);
    expect(s.gets()).toBe(1);
    // The projection writes through its transaction (fresh objects it may change), then commits.
    const periods = readDoctorPeriods(s.tx, 'c1');
    periods[0]!.ends.push({ recordedAt: 3, to: '2024-01-01' });
    writeDoctorPeriods(s.tx, 'c1', periods);
    s.write();
    const second = readDoctorPeriodsForQuery(reader, 'c1');
    expect(second).not.toBe(first);
    expect(second[0]!.ends).toEqual([{ recordedAt: 3, to: '2024-01-01' }]);
    expect(first[0]!.ends).toEqual([]);
  });

  it('hands out frozen periods, so a query cannot change what the next one reads', () => {
    const s = store(true);
    writeDoctorPeriods(s.tx, 'c1', [period('p1', '2021-01-01')]);
    const kept = readDoctorPeriodsForQuery(s.tx, 'c1');
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen(kept[0])).toBe(true);
    expect(Object.isFrozen(kept[0]!.ends)).toBe(true);
    expect(Object.isFrozen(kept[0]!.ends[0])).toBe(true);
  });

  it('keeps nothing for a reader without a stamp (a transaction, a test reader)', () => {
    const s = store(false);
    writeDoctorPeriods(s.tx, 'c1', [period('p1')]);
    const first = readDoctorPeriodsForQuery(s.tx, 'c1');
    expect(readDoctorPeriodsForQuery(s.tx, 'c1')).not.toBe(first);
    expect(s.gets()).toBe(2);
    expect(Object.isFrozen(first)).toBe(false);
  });

  it('answers an unknown contract with no periods, and keeps that answer only until the next write', () => {
    const s = store(true);
    expect(readDoctorPeriodsForQuery(s.tx, 'c9')).toEqual([]);
    writeDoctorPeriods(s.tx, 'c9', [period('p9')]);
    s.write();
    expect(readDoctorPeriodsForQuery(s.tx, 'c9').map((p) => p.id)).toEqual(['p9']);
  });
});
