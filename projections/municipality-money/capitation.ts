import { type Capitation, capitation } from '../capitation/capitation';
import { type CapitationSettings, regimeFor } from '../capitation/rules';
import { contractDoc } from '../directory/contract-view';
import { codesRenumberedInto, contractDetailsAt, municipalityOn, RenumberingRows } from '../directory/model';
import { listAt } from '../link-index/lists';
import type { LinkIndex } from '../link-index/model';
import { linkOnDay, personOfNin } from '../link-index/queries';
import { dayNumber } from '../link-index/days';
import type { PersonRegister, PersonRow } from '../person-register/model';
import { residenceOn } from '../person-register/model';
import { HIGH } from '../shared/read-model';
import type { Readers } from '../shared/readers';
import type { AsOf } from '../shared/record-time';

const round2 = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;

/** §3.12 utjamningstilskudd: municipalities under this many inhabitants... */
export const EQUALISATION_MAX_INHABITANTS = 5000;
/** ...whose average list is under this many patients; paid for (this − average) patients. */
export const EQUALISATION_LIST_NORM = 1200;

export interface ContractShare {
  contractId: string;
  listSize: number;
  amountNok: number;
  fixedSalary: boolean;
  grunntilskudd: boolean;
  /** Patients of this list by residence municipality on the 1st (R44), with their share of the amount. */
  byResidence: { municipality: string; patients: number; amountNok: number }[];
}

export interface GuestFlow {
  municipality: string;
  patients: number;
  amountNok: number;
}

export interface MunicipalityCapitation {
  municipality: string;
  month: string;
  countedOn: string;
  /** What the municipality's own lists earn: the sum of basistilskudd over its contracts (§3.12). */
  contracts: { count: number; amountNok: number; items: ContractShare[] };
  /** R44: what the municipality pays: basistilskudd for its residents on any list, wherever the GP is. */
  payable: {
    amountNok: number;
    residentsOnLists: number;
    onOwnLists: { patients: number; amountNok: number };
    /** Its residents as guest residents on other municipalities' lists (it pays, the list is elsewhere). */
    asGuestsElsewhere: GuestFlow[];
  };
  /** Other municipalities' residents on this municipality's lists (they pay, the list is here). */
  guestResidentsHere: GuestFlow[];
  utjamningstilskudd: Equalisation;
  basis: string[];
}

export interface Equalisation {
  eligible: boolean;
  inhabitants: number;
  lists: number;
  averageList: number;
  /** 1,200 − average list when eligible, else 0. */
  patientsPaid: number;
  annualRateNok: number;
  amountNok: number;
  /** Paid to næringsdrivende GPs only: per contract without fixed salary. */
  items: { contractId: string; amountNok: number }[];
  reason: string;
}

/**
 * Basistilskudd per municipality and month (§3.12, R44), with utjamningstilskudd and the
 * grunntilskudd of each list, every figure with its basis. Each list's amount is shared among the
 * residence municipalities of its patients on the 1st in proportion to their number [D: the
 * settlement mechanics of R44 are unconfirmed].
 */
export function municipalityCapitation(
  readers: Readers,
  register: PersonRegister,
  index: LinkIndex,
  number: string,
  month: string,
  settings: CapitationSettings,
  opts: { asOf?: AsOf; today: string },
): MunicipalityCapitation {
  const first = `${month}-01`;
  const cache = new Map<string, ContractShare | null>();
  const share = (contractId: string): ContractShare | null => {
    if (!cache.has(contractId))
      cache.set(contractId, contractShare(readers, register, index, contractId, month, settings, opts));
    return cache.get(contractId) ?? null;
  };
  // Each renumbering row read once for every contract this answer places (§1.8).
  const rows = new RenumberingRows(readers.directory);
  const own = contractsOf(readers, rows, number, first, opts.asOf)
    .map(share)
    .filter((c): c is ContractShare => c !== null);
  const ownIds = new Set(own.map((c) => c.contractId));

  // R44: the municipality's residents on the 1st, on whatever list they are.
  const day = dayNumber(first);
  let inhabitants = 0;
  const elsewhere = new Map<string, { patients: number; amountNok: number }>();
  const onOwn = { patients: 0, amountNok: 0 };
  const here = register.canonical(number, first);
  // Only those who ever lived under a number that is this one on the 1st can be its inhabitants then.
  for (const row of register.rows.everLivedIn((code) => register.canonical(code, first) === here)) {
    if (!isInhabitant(register, row, number, first, opts.asOf)) continue;
    inhabitants++;
    const person = index.personOf(row.personId);
    if (person < 0) continue;
    const link = linkOnDay(index, person, day, opts.asOf);
    if (link < 0) continue;
    const contractId = index.contracts.values[index.linkContract.array[link]!]!;
    const c = share(contractId);
    if (!c || c.listSize === 0) continue;
    const perPatient = c.amountNok / c.listSize;
    if (ownIds.has(contractId)) {
      onOwn.patients++;
      onOwn.amountNok += perPatient;
    } else {
      const where = contractMunicipality(readers, rows, contractId, first, opts.asOf) ?? 'unknown';
      const flow = elsewhere.get(where) ?? { patients: 0, amountNok: 0 };
      flow.patients++;
      flow.amountNok += perPatient;
      elsewhere.set(where, flow);
    }
  }
  const guestsElsewhere = flows(elsewhere);
  const guestsHere = new Map<string, { patients: number; amountNok: number }>();
  for (const c of own)
    for (const r of c.byResidence)
      if (r.municipality !== number) {
        const flow = guestsHere.get(r.municipality) ?? { patients: 0, amountNok: 0 };
        flow.patients += r.patients;
        flow.amountNok += r.amountNok;
        guestsHere.set(r.municipality, flow);
      }
  const contractsTotal = round2(own.reduce((s, c) => s + c.amountNok, 0));
  const payableTotal = round2(onOwn.amountNok + guestsElsewhere.reduce((s, f) => s + f.amountNok, 0));
  const equalisation = utjamning(own, inhabitants, month, settings);
  return {
    municipality: number,
    month,
    countedOn: first,
    contracts: { count: own.length, amountNok: contractsTotal, items: own },
    payable: {
      amountNok: payableTotal,
      residentsOnLists: onOwn.patients + guestsElsewhere.reduce((s, f) => s + f.patients, 0),
      onOwnLists: { patients: onOwn.patients, amountNok: round2(onOwn.amountNok) },
      asGuestsElsewhere: guestsElsewhere,
    },
    guestResidentsHere: flows(guestsHere),
    utjamningstilskudd: equalisation,
    basis: [
      `Lists are counted on ${first} (§2.9); each list's basistilskudd is the per-contract figure of GET /v1/contracts/{id}/capitation (§3.12, regime ${regimeFor(month, settings).name}).`,
      'contracts.amountNok: the sum over the contracts of this municipality in force on the 1st (what its lists earn).',
      'payable.amountNok: R44, the residence municipality pays for its residents wherever their GP is; each list’s amount is shared among its patients equally [D].',
      'guestResidentsHere / payable.asGuestsElsewhere: gjesteinnbyggere (R44), both ways.',
      'Grunntilskudd per list (contracts.items[].grunntilskudd): from May 2020, a list whose listetak is at least 500 but with fewer than 500 patients is paid as 500 for two years from the contract start (§3.12).',
      equalisation.reason,
    ],
  };
}

function isInhabitant(
  register: PersonRegister,
  row: PersonRow,
  number: string,
  date: string,
  asOf: AsOf,
): boolean {
  if (asOf !== undefined && row.recordedAt > asOf) return false;
  if (row.registeredOn > date) return false;
  const municipality = residenceOn(row, date);
  return municipality !== null && register.canonical(municipality, date) === register.canonical(number, date);
}

function flows(map: Map<string, { patients: number; amountNok: number }>): GuestFlow[] {
  return [...map]
    .map(([municipality, f]) => ({ municipality, patients: f.patients, amountNok: round2(f.amountNok) }))
    .sort((a, b) => (a.municipality < b.municipality ? -1 : 1));
}

function contractsOf(
  readers: Readers,
  renumberings: RenumberingRows,
  number: string,
  date: string,
  asOf: AsOf,
): string[] {
  const ids = new Set<string>();
  // §1.8: the lists recorded under an older number that became this one are in it too.
  for (const code of codesRenumberedInto(readers.directory, number, '9999-12-31', asOf, renumberings))
    for (const { key } of readers.directory.range({ start: ['m', code], end: ['m', code, HIGH] }))
      ids.add((key as string[])[2]!);
  return [...ids]
    .filter((id) => contractMunicipality(readers, renumberings, id, date, asOf) === number)
    .sort();
}

function contractMunicipality(
  readers: Readers,
  renumberings: RenumberingRows,
  contractId: string,
  date: string,
  asOf: AsOf,
): string | null {
  const doc = contractDoc(readers, contractId, asOf);
  return doc ? (municipalityOn(doc, date, asOf, renumberings) ?? null) : null;
}

function contractShare(
  readers: Readers,
  register: PersonRegister,
  index: LinkIndex,
  contractId: string,
  month: string,
  settings: CapitationSettings,
  opts: { asOf?: AsOf; today: string },
): ContractShare | null {
  const cap: Capitation | undefined = capitation(readers, contractId, month, settings, opts);
  const doc = contractDoc(readers, contractId, opts.asOf);
  if (!cap || !doc) return null;
  const first = `${month}-01`;
  const counts = new Map<string, number>();
  for (const entry of listAt(index, contractId, first, { asOf: opts.asOf }).items) {
    const person = personOfNin(index, entry.nin, opts.asOf);
    const row = person < 0 ? undefined : register.rows.get(index.personIds.at(person));
    const where = row ? (residenceOn(row, first) ?? 'not-resident') : 'unknown';
    const canonical = where.length === 4 ? register.canonical(where, first) : where;
    counts.set(canonical, (counts.get(canonical) ?? 0) + 1);
  }
  const byResidence = [...counts]
    .map(([municipality, patients]) => ({
      municipality,
      patients,
      amountNok: cap.listSize === 0 ? 0 : round2((cap.amountNok * patients) / cap.listSize),
    }))
    .sort((a, b) => (a.municipality < b.municipality ? -1 : 1));
  return {
    contractId,
    listSize: cap.listSize,
    amountNok: cap.amountNok,
    fixedSalary: contractDetailsAt(doc, first, opts.asOf).fixedSalary,
    grunntilskudd: cap.basis.grunntilskudd,
    byResidence,
  };
}

/** §3.12: under 5,000 inhabitants and an average list under 1,200: basistilskudd for (1,200 − average), næringsdrivende only. */
function utjamning(
  own: ContractShare[],
  inhabitants: number,
  month: string,
  settings: CapitationSettings,
): Equalisation {
  const lists = own.filter((c) => c.listSize > 0).length;
  const total = own.reduce((s, c) => s + c.listSize, 0);
  const averageList = lists === 0 ? 0 : total / lists;
  const annualRateNok = regimeFor(month, settings).tiers[0]![1];
  const monthFactor = 1 / 12;
  const eligible =
    lists > 0 && inhabitants < EQUALISATION_MAX_INHABITANTS && averageList < EQUALISATION_LIST_NORM;
  const patientsPaid = eligible ? EQUALISATION_LIST_NORM - averageList : 0;
  const items = eligible
    ? own
        .filter((c) => !c.fixedSalary && c.listSize > 0)
        .map((c) => ({
          contractId: c.contractId,
          amountNok: round2(patientsPaid * annualRateNok * monthFactor),
        }))
    : [];
  const reason = eligible
    ? `Utjamningstilskudd (§3.12): ${inhabitants} inhabitants (< ${EQUALISATION_MAX_INHABITANTS}) and an average list of ${round2(averageList)} (< ${EQUALISATION_LIST_NORM}): each næringsdrivende list is paid basistilskudd for ${round2(patientsPaid)} patients at ${annualRateNok} NOK a year, a twelfth a month [D]; fixed-salary lists get none.`
    : lists === 0
      ? 'Utjamningstilskudd (§3.12): none, the municipality has no list with patients on the 1st.'
      : `Utjamningstilskudd (§3.12): none, it needs fewer than ${EQUALISATION_MAX_INHABITANTS} inhabitants (has ${inhabitants}) and an average list under ${EQUALISATION_LIST_NORM} (is ${round2(averageList)}).`;
  return {
    eligible,
    inhabitants,
    lists,
    averageList: round2(averageList),
    patientsPaid: round2(patientsPaid),
    annualRateNok,
    amountNok: round2(items.reduce((s, i) => s + i.amountNok, 0)),
    items,
    reason,
  };
}
