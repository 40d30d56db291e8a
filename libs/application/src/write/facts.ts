import {
  assertMunicipalityInForce,
  autoAssignEnabledOn,
  type BusinessDate,
  type ContractState,
  contractActiveOn,
  doctorsOn,
  InvalidInput,
  initialPersonState,
  intakeTaken,
  type ListFacts,
  municipalityCodes,
  type PersonState,
  parseNin,
  type RecordedRenumbering,
  type RegisterRules,
  UnknownResource,
} from '@flr/domain';
import type { WriterView } from './writer-view';

/**
 * §4.4: the target list as of `date`, counting pending arrivals and leaving out pending departures;
 * its free places are those left on the fullest day from `date` on (a placement holds from then on);
 * `contract` is the state to decide on (default: as recorded now).
 */
export function listFacts(
  view: WriterView,
  contractId: string,
  date: BusinessDate,
  contract: ContractState | undefined = view.contracts.get(contractId),
): ListFacts {
  const c = contract;
  if (!c?.exists) {
    return {
      contractId,
      exists: false,
      validFrom: date,
      endsOn: null,
      status: 'closed',
      freePlaces: 0,
      fastlegeHprs: [],
    };
  }
  return {
    contractId,
    exists: true,
    validFrom: c.validFrom,
    endsOn: c.canceled?.effectiveFrom ?? null,
    // R14: a list that has taken in its batch since the daily job opened it is closed to newcomers.
    status: c.status === 'open' && intakeTaken(view.intakes.arrivals(contractId)) ? 'closed' : c.status,
    // §4.4: the room a placement from `date` keeps, i.e. on the fullest day from then on.
    freePlaces: c.maxPatients - view.links.peakFrom(contractId, date),
    fastlegeHprs: doctorsOn(c, date)
      .filter((d) => d.relationship === 'LPFL')
      .map((d) => d.hpr),
  };
}

export function isContractActive(view: WriterView, contractId: string, date: BusinessDate): boolean {
  const c = view.contracts.get(contractId);
  return c ? contractActiveOn(c, date) : false;
}

/** Resolves a NIN to the person's internal id, or 404 UNKNOWN_PERSON. */
export function personIdOf(view: WriterView, nin: string, field = 'nin'): string {
  const personId = view.ninIndex.get(nin);
  if (!personId) throw new UnknownResource('UNKNOWN_PERSON', `No person registered with that ${field}`);
  return personId;
}

export async function personOf(view: WriterView, personId: string): Promise<PersonState> {
  return (await view.person(personId)) ?? initialPersonState;
}

/**
 * Validates a NIN from a command that did not come through the HTTP validators: a number being
 * registered (a new person, a new number of one), well-formed (§1.1-1.3) and encoding a
 * birth date no later than the day the command is registered (`today`): a number that says its holder
 * is not yet born was never issued (400 INVALID_NIN, like an explicit `birthDate` after that day).
 */
export function parseNinOrThrow(value: string, rules: RegisterRules, field: string, today: BusinessDate) {
  const result = parseNin(value, { allowSynthetic: rules.allowSyntheticNins, rule2032: rules.nin2032 });
  if (!result.ok) throw new InvalidInput(result.code, [{ field, message: result.message }]);
  if (result.nin.birthDate > today)
    throw new InvalidInput('INVALID_NIN', [
      { field, message: 'encodes a birth date after the day the command is registered' },
    ]);
  return result.nin;
}

/** §1.8: the renumberings recorded in the log, for `assertMunicipalityInForce`. */
export function recordedRenumberings(view: WriterView): RecordedRenumbering[] {
  const out: RecordedRenumbering[] = [];
  for (const [oldNumber, m] of view.municipalities)
    if (m.renumbered) out.push({ oldNumber, ...m.renumbered });
  return out;
}

/** §1.8: refuses a municipality number in force on none of `dates` (409 MUNICIPALITY_NOT_IN_FORCE). */
export function assertInForce(
  view: WriterView,
  number: string,
  dates: BusinessDate | readonly BusinessDate[],
  field: string,
): void {
  assertMunicipalityInForce(number, dates, field, recordedRenumberings(view));
}

/**
 * R9: automatic assignment is on for a resident of `number` on `date` unless the municipality switched
 * it off: the switch of the number itself or, after a renumbering, of the code it now has (§1.8).
 */
export function autoAssignOn(view: WriterView, number: string, date: BusinessDate): boolean {
  const canonical = canonicalMunicipality(view, number, date);
  return [...new Set([number, canonical])].every((n) =>
    autoAssignEnabledOn(view.municipalities.get(n), date),
  );
}

/**
 * §1.8: the code a municipality number has on `date`: renumberings registered in the log first, then
 * the national code history (shared/data) where it names exactly one successor (a split names several,
 * and is left alone).
 */
export function canonicalMunicipality(view: WriterView, number: string, date: BusinessDate): string {
  let current = number;
  for (let i = 0; i < 10; i++) {
    const r = view.municipalities.get(current)?.renumbered;
    if (r && r.effectiveFrom <= date) {
      current = r.newNumber;
      continue;
    }
    const national = municipalityCodes.canonicalOn(current, date);
    if (national.length !== 1 || national[0] === current) break;
    current = national[0];
  }
  return current;
}

/**
 * §1.8: the numbers a municipality number was split into by `date` (after the log's renumberings and
 * the national code history), or none when it was not split: 1507 Ålesund is [1508, 1580] from
 * 2024-01-01. Which part a resident lived in is not in the code history; only a later fact tells.
 */
export function splitSuccessorsOn(view: WriterView, number: string, date: BusinessDate): string[] {
  const national = municipalityCodes.canonicalOn(canonicalMunicipality(view, number, date), date);
  return national.length > 1 ? national : [];
}

/**
 * R40: the lists in force with a free place in `municipality` on `date`, for the offer letter after a
 * move. The contracts of each municipality code are indexed once per change of the contract set.
 */
export function listsWithPlaces(view: WriterView, municipality: string, date: BusinessDate): string[] {
  return contractsIn(view, municipality, date).filter((id) => {
    const c = view.contracts.get(id)!;
    return c.status === 'open' && contractActiveOn(c, date) && listFacts(view, id, date).freePlaces > 0;
  });
}

const byMunicipality = new WeakMap<WriterView, { key: string; index: Map<string, string[]> }>();

function contractsIn(view: WriterView, municipality: string, date: BusinessDate): string[] {
  const key = `${view.structureVersion}:${date}`;
  let cached = byMunicipality.get(view);
  if (cached?.key !== key) {
    const index = new Map<string, string[]>();
    for (const [id, c] of [...view.contracts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const code = canonicalMunicipality(view, c.municipality, date);
      index.set(code, [...(index.get(code) ?? []), id]);
    }
    cached = { key, index };
    byMunicipality.set(view, cached);
  }
  return cached.index.get(municipality) ?? [];
}
