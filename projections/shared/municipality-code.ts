import { municipalityCodes } from '@flr/domain';

/**
 * §1.8: the national code history (shared/data) as the read side applies it after the renumberings
 * recorded in the log, as the write side does (`canonicalMunicipality`): a number follows its one
 * successor from the reform's date; a split names several and is left alone.
 */
export function nationalSuccessor(number: string): { newNumber: string; effectiveFrom: string } | null {
  const changes = municipalityCodes.successorsOf(number);
  return changes.length === 1 ? { newNumber: changes[0].newNumber, effectiveFrom: changes[0].date } : null;
}

/** §1.8: the numbers `number` was split into under the national code history, and from when; null if never split. */
export function nationalSplit(number: string): { targets: string[]; effectiveFrom: string } | null {
  const changes = municipalityCodes.successorsOf(number);
  return changes.length > 1
    ? { targets: changes.map((c) => c.newNumber).sort(), effectiveFrom: changes[0]!.date }
    : null;
}

/** A renumbering recorded in the log for a number, as the caller knows it (null: none). */
export type RecordedSuccessor = (number: string) => { newNumber: string; effectiveFrom: string } | null;

/**
 * The code `number` has on `date` under the national code history, with the renumberings recorded
 * in the log (`recorded`) taking precedence at every step: a chain recorded only in part is followed
 * through the steps only the data files know, and past them into the steps only the log knows.
 */
export function nationalCodeOn(
  number: string,
  date: string,
  recorded: RecordedSuccessor = () => null,
): string {
  let current = number;
  for (let hops = 0; hops < 10; hops++) {
    const next = recorded(current) ?? nationalSuccessor(current);
    if (!next || next.effectiveFrom > date) break;
    current = next.newNumber;
  }
  return current;
}

let predecessors: Map<string, { oldNumber: string; date: string }[]> | undefined;

/**
 * Every older number that became `number` (directly or through a chain) under the national code
 * history, by `date` when given.
 */
export function nationalPredecessors(number: string, date = '9999-12-31'): string[] {
  if (!predecessors) {
    predecessors = new Map();
    for (const c of municipalityCodes.changesBetween('2000-12-31', '9999-12-31')) {
      if (nationalSuccessor(c.oldNumber)?.newNumber !== c.newNumber) continue;
      const list = predecessors.get(c.newNumber) ?? [];
      list.push({ oldNumber: c.oldNumber, date: c.date });
      predecessors.set(c.newNumber, list);
    }
  }
  const out: string[] = [];
  const walk = (n: string) => {
    for (const p of predecessors!.get(n) ?? []) {
      if (p.date > date) continue;
      out.push(p.oldNumber);
      walk(p.oldNumber);
    }
  };
  walk(number);
  return out;
}
