import type { BusinessDate } from '../events';

/** Folds dated partial changes valid on `date` over a base, by validity date then record order. */
export function applyDated<T extends object>(
  base: T,
  updates: readonly { readonly validFrom: BusinessDate; readonly changes: Partial<T> }[],
  date: BusinessDate,
): T {
  const inForce = updates
    .map((u, order) => ({ u, order }))
    .filter(({ u }) => u.validFrom <= date)
    .sort((a, b) =>
      a.u.validFrom === b.u.validFrom ? a.order - b.order : a.u.validFrom < b.u.validFrom ? -1 : 1,
    );
  let out = base;
  for (const { u } of inForce) out = { ...out, ...u.changes };
  return out;
}
