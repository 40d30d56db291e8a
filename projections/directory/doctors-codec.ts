import type { ReadModelReader, ReadModelTx } from '../shared/read-model';
import { type DoctorPeriodDoc, dirKeys } from './model';

/**
 * A contract's doctor periods are stored as tuples (read on every gp-at question; msgpack decodes
 * arrays of primitives about three times faster than objects):
 * [id, hpr, relationship, from, substituteForHpr, workingPercentage, recordedAt,
 *  ends: [recordedAt, to, recordedAt, to, ...]]. The positions live here only; the code reads
 * `DoctorPeriodDoc`'s names.
 */
type PeriodTuple = [
  string,
  number,
  'LPFL' | 'LPVI',
  string,
  number | null,
  number | null,
  number,
  (string | number)[],
];

/** Decoded doctor periods per reader, kept while the reader's stamp stays the same. */
interface Decoded {
  stamp: number;
  readonly byContract: Map<string, readonly DoctorPeriodDoc[]>;
}
const decoded = new WeakMap<ReadModelReader, Decoded>();
/** Contracts kept per reader at most (the country has about 6,000 lists, a few thousand ended). */
export const DOCTOR_PERIODS_KEPT = 20_000;

/**
 * A contract's doctor periods as a query reads them: from a reader with a stamp (the runtime's
 * active copy) they are decoded once and kept, frozen, until its stamp changes (a write committed,
 * a switch), so the gp question reads no LMDB page and decodes nothing for a list asked about before.
 * Queries only read them; the projection's own writes go through `readDoctorPeriods` on its
 * transaction, which has no stamp and gets fresh objects it may change.
 */
export function readDoctorPeriodsForQuery(
  r: ReadModelReader,
  contractId: string,
): readonly DoctorPeriodDoc[] {
  if (!r.stamp) return readDoctorPeriods(r, contractId);
  const stamp = r.stamp();
  let kept = decoded.get(r);
  if (!kept) {
    kept = { stamp, byContract: new Map() };
    decoded.set(r, kept);
  } else if (kept.stamp !== stamp) {
    kept.stamp = stamp;
    kept.byContract.clear();
  }
  const hit = kept.byContract.get(contractId);
  if (hit) return hit;
  const periods = readDoctorPeriods(r, contractId);
  for (const p of periods) {
    Object.freeze(p.ends);
    for (const end of p.ends) Object.freeze(end);
    Object.freeze(p);
  }
  Object.freeze(periods);
  // NaN (no storage) never equals itself: nothing is kept then.
  if (!Number.isNaN(stamp)) {
    if (kept.byContract.size >= DOCTOR_PERIODS_KEPT) kept.byContract.clear();
    kept.byContract.set(contractId, periods);
  }
  return periods;
}

export function readDoctorPeriods(r: ReadModelReader, contractId: string): DoctorPeriodDoc[] {
  const tuples = r.get<PeriodTuple[]>(dirKeys.doctors(contractId));
  if (!tuples) return [];
  return tuples.map((t) => {
    const ends: DoctorPeriodDoc['ends'] = [];
    for (let i = 0; i < t[7].length; i += 2)
      ends.push({ recordedAt: t[7][i] as number, to: t[7][i + 1] as string });
    return {
      id: t[0],
      hpr: t[1],
      relationship: t[2],
      from: t[3],
      substituteForHpr: t[4],
      workingPercentage: t[5],
      recordedAt: t[6],
      ends,
    };
  });
}

export function writeDoctorPeriods(
  tx: ReadModelTx,
  contractId: string,
  periods: readonly DoctorPeriodDoc[],
): void {
  tx.put(
    dirKeys.doctors(contractId),
    periods.map(
      (p): PeriodTuple => [
        p.id,
        p.hpr,
        p.relationship,
        p.from,
        p.substituteForHpr,
        p.workingPercentage,
        p.recordedAt,
        p.ends.flatMap((e) => [e.recordedAt, e.to]),
      ],
    ),
  );
}
