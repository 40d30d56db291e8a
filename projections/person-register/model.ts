import type { Entitlement, FactAnnulled, PersonEvent, RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import { recordTimeOf } from '../shared/record-time';

/**
 * What the register knows now about one person, for the administrators' person search and the
 * household/children questions of the person view (one row per person; dated details come from
 * the person's own stream when one person is shown).
 */
export interface PersonRow {
  readonly personId: string;
  nin: string;
  readonly birthDate: string;
  ninKind: 'FNR' | 'DNR';
  readonly parentIds: readonly string[];
  readonly entitlement: Entitlement | null;
  municipality: string;
  /** [from, municipality] per residence, oldest first (moves between municipalities). */
  residences: [string, string][];
  /** The day the person stopped being resident (death, emigration); null while resident. */
  leftOn: string | null;
  householdId: string | null;
  status: 'resident' | 'dead' | 'emigrated';
  optedOut: boolean;
  waiting: { contractId: string; joinedAt: string } | null;
  /** Since when (business date) the person stands without a list as far as this model knows: set on registration, move in, opt in. */
  readonly registeredOn: string;
  /** Record time (epoch ms) of the registration. */
  readonly recordedAt: number;
}

export const PERSON_REGISTER_EVENT_TYPES = [
  'PersonRegistered',
  'PersonMoved',
  'PersonDied',
  'PersonEmigrated',
  'PersonOptedOut',
  'PersonOptedIn',
  'PersonNinChanged',
  'WaitingListJoined',
  'WaitingListLeft',
  'FactAnnulled',
  'MunicipalityRenumbered',
  'MunicipalityRenumberingAnnulled',
] as const;

/** persons by internal id, in registration order; children per parent; §1.8 renumberings. */
export class PersonRegister {
  readonly rows = new Map<string, PersonRow>();
  readonly childrenOf = new Map<string, string[]>();
  readonly householdMembers = new Map<string, Set<string>>();
  /** old municipality number -> { newNumber, effectiveFrom } (§1.8: a code change, never a move). */
  readonly renumbered = new Map<string, { newNumber: string; effectiveFrom: string }>();

  /** The number a municipality code stands for on `date` after every renumbering in force then. */
  canonical(number: string, date: string): string {
    let current = number;
    for (let hops = 0; hops < 10; hops++) {
      const next = this.renumbered.get(current);
      if (!next || next.effectiveFrom > date) break;
      current = next.newNumber;
    }
    return current;
  }

  private join(personId: string, householdId: string | null): void {
    if (householdId === null) return;
    let members = this.householdMembers.get(householdId);
    if (!members) this.householdMembers.set(householdId, (members = new Set()));
    members.add(personId);
  }

  private leave(personId: string, householdId: string | null): void {
    if (householdId !== null) this.householdMembers.get(householdId)?.delete(personId);
  }

  evolve(recorded: RecordedEvent): void {
    const event = recorded as unknown as RegisterEvent;
    if (event.type === 'MunicipalityRenumbered') {
      const d = event.data;
      this.renumbered.set(d.oldNumber, { newNumber: d.newNumber, effectiveFrom: d.effectiveFrom });
      return;
    }
    if (event.type === 'MunicipalityRenumberingAnnulled') {
      // Issue 11: the renumbering never happened (this model answers as the register knows it now).
      if (this.renumbered.get(event.data.oldNumber)?.newNumber === event.data.newNumber)
        this.renumbered.delete(event.data.oldNumber);
      return;
    }
    if (event.type === 'PersonRegistered') {
      const d = event.data;
      if (this.rows.has(d.personId)) return;
      this.rows.set(d.personId, {
        personId: d.personId,
        nin: d.nin,
        birthDate: d.birthDate,
        ninKind: d.ninKind,
        parentIds: d.parentIds,
        entitlement: d.entitlement,
        municipality: d.municipality,
        residences: [[d.registeredOn, d.municipality]],
        leftOn: null,
        householdId: d.householdId,
        status: 'resident',
        optedOut: false,
        waiting: null,
        registeredOn: d.registeredOn,
        recordedAt: recordTimeOf(recorded),
      });
      this.join(d.personId, d.householdId);
      for (const parent of d.parentIds) {
        const children = this.childrenOf.get(parent) ?? [];
        children.push(d.personId);
        this.childrenOf.set(parent, children);
      }
      return;
    }
    const personEvent = event as PersonEvent;
    const personId = (personEvent.data as { personId?: string }).personId;
    const row = personId === undefined ? undefined : this.rows.get(personId);
    if (!row) return;
    this.apply(row, personEvent);
  }

  /** A corrected fact no longer holds (issue 11). */
  private annul(row: PersonRow, d: FactAnnulled['data']): void {
    if (d.annulledType === 'PersonDied' || d.annulledType === 'PersonEmigrated') {
      row.status = 'resident';
      row.leftOn = null;
    } else if (d.annulledType === 'PersonOptedOut') row.optedOut = false;
    else if (d.annulledType === 'PersonMoved' && d.restoredResidence) {
      this.leave(row.personId, row.householdId);
      row.residences = row.residences.length > 1 ? row.residences.slice(0, -1) : row.residences;
      row.municipality = d.restoredResidence.municipality;
      row.householdId = d.restoredResidence.householdId;
      this.join(row.personId, row.householdId);
    }
  }

  private apply(row: PersonRow, event: PersonEvent): void {
    switch (event.type) {
      case 'PersonMoved':
        this.leave(row.personId, row.householdId);
        if (event.data.municipality !== row.municipality)
          row.residences = [...row.residences, [event.data.movedOn, event.data.municipality]];
        row.municipality = event.data.municipality;
        row.householdId = event.data.householdId;
        this.join(row.personId, row.householdId);
        if (row.status === 'emigrated') {
          row.status = 'resident';
          row.leftOn = null;
        }
        return;
      case 'PersonDied':
        row.status = 'dead';
        row.leftOn = event.data.diedOn;
        return;
      case 'PersonEmigrated':
        row.status = 'emigrated';
        row.leftOn = event.data.emigratedOn;
        return;
      case 'PersonOptedOut':
        row.optedOut = true;
        return;
      case 'PersonOptedIn':
        row.optedOut = false;
        return;
      case 'PersonNinChanged':
        row.nin = event.data.newNin;
        row.ninKind = Number(event.data.newNin[0]) >= 4 ? 'DNR' : 'FNR';
        return;
      case 'WaitingListJoined':
        row.waiting = { contractId: event.data.contractId, joinedAt: event.data.joinedAt };
        return;
      case 'WaitingListLeft':
        if (row.waiting?.contractId === event.data.contractId) row.waiting = null;
        return;
      case 'FactAnnulled':
        this.annul(row, event.data);
        return;
      default:
        return;
    }
  }
}

/**
 * The municipality number a person lived in on `date`, or null once dead or emigrated. Before the
 * first registered residence (imported history) the first one is taken.
 */
export function residenceOn(row: PersonRow, date: string): string | null {
  if (row.leftOn !== null && row.leftOn <= date) return null;
  let municipality = row.residences[0]?.[1] ?? row.municipality;
  for (const [from, number] of row.residences) if (from <= date) municipality = number;
  return municipality;
}

const FORMAT = 1;

export function encodePersonRegister(model: PersonRegister): Buffer[] {
  const body = {
    format: FORMAT,
    rows: [...model.rows.values()],
    renumbered: [...model.renumbered],
  };
  return [Buffer.from(JSON.stringify(body))];
}

export function decodePersonRegister(bytes: Buffer): PersonRegister {
  const body = JSON.parse(bytes.toString('utf8')) as {
    format: number;
    rows: PersonRow[];
    renumbered: [string, { newNumber: string; effectiveFrom: string }][];
  };
  if (body.format !== FORMAT)
    throw new Error(`person-register snapshot format ${body.format} is not ${FORMAT}`);
  const model = new PersonRegister();
  for (const [k, v] of body.renumbered) model.renumbered.set(k, v);
  for (const row of body.rows) {
    model.rows.set(row.personId, row);
    if (row.householdId !== null) {
      let members = model.householdMembers.get(row.householdId);
      if (!members) model.householdMembers.set(row.householdId, (members = new Set()));
      members.add(row.personId);
    }
    for (const parent of row.parentIds) {
      const children = model.childrenOf.get(parent) ?? [];
      children.push(row.personId);
      model.childrenOf.set(parent, children);
    }
  }
  return model;
}
