import type { ReadModelReader, ReadModelTx } from '../shared/read-model';
import { type DoctorPeriodDoc, dirKeys } from './model';

/**
 * A contract's doctor periods are stored as tuples (read on every gp-at question; msgpack decodes
 * arrays of primitives about three times faster than objects):
 * [id, hpr, rel, f, sub, wp, r, ends: [r, t, r, t, ...]].
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
    for (let i = 0; i < t[7].length; i += 2) ends.push({ r: t[7][i] as number, t: t[7][i + 1] as string });
    return { id: t[0], hpr: t[1], rel: t[2], f: t[3], sub: t[4], wp: t[5], r: t[6], ends };
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
      (p): PeriodTuple => [p.id, p.hpr, p.rel, p.f, p.sub, p.wp, p.r, p.ends.flatMap((e) => [e.r, e.t])],
    ),
  );
}
