import {
  addDays,
  firstOfNextMonth,
  municipalityCodes,
  parseNin,
  periodsOverlap,
  type BusinessDate,
} from '@flr/domain';
import type { GeneratedEvent } from './generated-event';

interface Link {
  associationId: string;
  contractId: string;
  from: BusinessDate;
  to: BusinessDate | null;
}

/**
 * Checks a generated history for internal consistency and returns the problems found (empty = sound):
 * append order, identifiers, half-open links without overlap, end dates per R38/R39/R17, the yearly change
 * limit (R15), doctor periods and municipality codes. Exported for other property tests.
 */
export function checkHistory(events: Iterable<GeneratedEvent>): string[] {
  const problems: string[] = [];
  const problem = (e: GeneratedEvent, what: string) => {
    if (problems.length < 50) problems.push(`${e.type} ${e.stream}: ${what}`);
  };
  const links = new Map<string, Link[]>();
  const gone = new Map<string, string>();
  const residence = new Map<string, string>();
  const counted = new Map<string, number>();
  const nins = new Set<string>();
  const contracts = new Set<string>();
  const gps = new Set<number>();
  const lpfl = new Map<string, { from: BusinessDate; to: BusinessDate | null; contractId: string }>();
  const lpflByContract = new Map<string, { from: BusinessDate; to: BusinessDate | null }[]>();
  const eventIds = new Set<string>();
  /** R34b: cancelled contracts and the day they end. */
  const canceled = new Map<string, BusinessDate>();
  let lastRegistered = '';

  for (const e of events) {
    const day = e.metadata.registeredAt.slice(0, 10);
    if (e.metadata.registeredAt < lastRegistered) problem(e, 'registeredAt goes back in time');
    lastRegistered = e.metadata.registeredAt;
    if (eventIds.has(e.id)) problem(e, 'duplicate event id');
    eventIds.add(e.id);
    switch (e.type) {
      case 'PersonRegistered': {
        const d = e.data;
        const parsed = parseNin(d.nin, { allowSynthetic: true });
        if (!parsed.ok || !parsed.nin.synthetic) problem(e, 'nin is not a valid synthetic number');
        else if (
          parsed.nin.birthDate !== d.birthDate ||
          parsed.nin.sex !== d.sex ||
          parsed.nin.kind !== d.ninKind
        ) {
          problem(e, 'nin does not match birth date, sex or kind');
        }
        if (parseNin(d.nin).ok) problem(e, 'nin is accepted without allowSynthetic');
        if (nins.has(d.nin)) problem(e, 'duplicate nin');
        if (e.stream.includes(d.nin) || d.personId.includes(d.nin)) problem(e, 'nin in the stream name');
        nins.add(d.nin);
        if (!municipalityCodes.isValidOn(d.municipality, day))
          problem(e, `municipality ${d.municipality} invalid`);
        if (links.has(d.personId)) problem(e, 'person registered twice');
        links.set(d.personId, []);
        residence.set(d.personId, d.municipality);
        break;
      }
      case 'PersonMoved':
        if (!municipalityCodes.isValidOn(e.data.municipality, e.data.movedOn))
          problem(e, 'target municipality invalid');
        if (e.data.municipality === e.data.fromMunicipality) problem(e, 'move within the same municipality');
        break;
      case 'PersonDied':
      case 'PersonEmigrated':
        if (gone.has(e.data.personId)) problem(e, 'person left twice');
        gone.set(e.data.personId, day);
        break;
      case 'PatientListed': {
        const d = e.data;
        const list = links.get(d.personId);
        if (!list) problem(e, 'unknown person');
        if (!contracts.has(d.contractId)) problem(e, 'unknown contract');
        if (canceled.has(d.contractId)) problem(e, 'listed on a cancelled contract');
        if (gone.has(d.personId)) problem(e, 'listed after leaving');
        if (d.from < day) problem(e, 'link starts before it was registered');
        if (d.beginReason !== 'INITIAL_2001' && !d.from.endsWith('-01'))
          problem(e, 'link does not start on a 1st');
        const open = list?.find((l) => l.to === null);
        if (open) problem(e, 'listed while another link is open');
        const link = { associationId: d.associationId, contractId: d.contractId, from: d.from, to: null };
        if (list?.some((l) => periodsOverlap(l, link))) problem(e, 'overlapping links');
        list?.push(link);
        if (d.countsTowardLimit) {
          const key = `${d.personId}/${d.countedInYear}`;
          const n = (counted.get(key) ?? 0) + 1;
          counted.set(key, n);
          if (n > 2) problem(e, 'more than 2 counted changes in a year (R15)');
          if (d.countedInYear !== Number(day.slice(0, 4)))
            problem(e, 'counted in another year than registered (R18)');
        }
        break;
      }
      case 'PatientUnlisted': {
        const d = e.data;
        const link = links.get(d.personId)?.find((l) => l.to === null);
        if (!link || link.associationId !== d.associationId || link.contractId !== d.contractId) {
          problem(e, 'does not end the open link');
          break;
        }
        if (d.to <= link.from) problem(e, 'empty or negative link');
        const expected = d.endReason === 'DEATH' ? addDays(day, 1) : firstOfNextMonth(day); // R38; R39 and R17
        if (d.to !== expected) problem(e, `to ${d.to} should be ${expected}`);
        link.to = d.to;
        break;
      }
      case 'ContractCreated':
        if (contracts.has(e.data.contractId)) problem(e, 'contract created twice');
        contracts.add(e.data.contractId);
        if (!municipalityCodes.isValidOn(e.data.municipality, e.data.validFrom))
          problem(e, 'municipality invalid');
        if (e.data.maxPatients < 0) problem(e, 'negative ceiling');
        break;
      case 'ContractCanceled':
        if (!contracts.has(e.data.contractId) || canceled.has(e.data.contractId))
          problem(e, 'cancels an unknown or cancelled contract');
        if (e.data.moveToContractId === e.data.contractId || canceled.has(e.data.moveToContractId))
          problem(e, 'moves the patients to no other contract in force');
        canceled.set(e.data.contractId, e.data.effectiveFrom);
        break;
      case 'ListReductionOrdered':
        if (canceled.has(e.data.contractId) || canceled.has(e.data.toContractId))
          problem(e, 'reduces or fills a cancelled contract');
        if (!e.data.effectiveFrom.endsWith('-01')) problem(e, 'takes effect on another day than a 1st (R30)');
        break;
      case 'GpRegistered':
        gps.add(e.data.hpr);
        break;
      case 'DoctorPeriodStarted': {
        const d = e.data;
        if (!contracts.has(d.contractId)) problem(e, 'unknown contract');
        const ends = canceled.get(d.contractId);
        if (ends !== undefined && (d.to === null || d.to > ends))
          problem(e, 'doctor period after the contract ends');
        if (!gps.has(d.hpr)) problem(e, 'unknown GP');
        if (d.to !== null && d.to <= d.from) problem(e, 'empty doctor period');
        if (d.relationship === 'LPFL') {
          const periods = lpflByContract.get(d.contractId) ?? [];
          if (periods.some((p) => periodsOverlap(p, d))) problem(e, 'overlapping LPFL periods');
          const period = { from: d.from, to: d.to, contractId: d.contractId };
          periods.push(period);
          lpflByContract.set(d.contractId, periods);
          lpfl.set(d.periodId, period);
        }
        break;
      }
      case 'DoctorPeriodEnded': {
        const p = lpfl.get(e.data.periodId);
        if (!p || p.to !== null) problem(e, 'ends no open LPFL period');
        else if (e.data.to <= p.from) problem(e, 'period would be empty');
        else p.to = e.data.to;
        break;
      }
      default:
        break;
    }
  }
  return problems;
}
