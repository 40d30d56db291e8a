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
