import { addMonths, yearOf } from '../calendar';
import type { BusinessDate, Instant, PatientListed, PersonEvent, PersonRegistered } from '../events';
import { linkOn } from '../person/queries';
import type { PersonState } from '../person/state';

/**
 * Given facts for person specs: events on one person's stream. The person is named by an internal id
 * (never a NIN); a fact that needs the person registered registers an adult in Oslo first.
 */
export const P = 'P';
export const MOTHER = 'M';
export const OSLO = '0301';
export const BERGEN = '4601';

export type PersonFact = (state: PersonState) => PersonEvent[];

/** Born 24 Feb 1990, registered in Oslo on 2 Jan 2020. */
export function registered(personId = P, data: Partial<PersonRegistered['data']> = {}): PersonEvent {
  return {
    type: 'PersonRegistered',
    data: {
      personId,
      nin: '24029000000',
      ninKind: 'FNR',
      birthDate: '1990-02-24',
      sex: null,
      municipality: OSLO,
      householdId: 'H-1',
      parentIds: [],
      entitlement: null,
      registeredOn: '2020-01-02',
      ...data,
    },
  };
}

/** A child of MOTHER at her address. */
export function child(birthDate: BusinessDate, personId = P): PersonEvent {
  return registered(personId, { birthDate, parentIds: [MOTHER] });
}

function registeredFirst(state: PersonState, personId: string): PersonEvent[] {
  return state.registered ? [] : [registered(personId)];
}

/** On `contractId` from `from` (a placement by hand by default); the link in force then ends there. */
export function listed(
  personId: string,
  contractId: string,
  from: BusinessDate = '2020-02-01',
  data: Partial<PatientListed['data']> = {},
): PersonFact {
  return (state) => {
    const events = registeredFirst(state, personId);
    const current = state.registered ? linkOn(state, from) : undefined;
    if (current && current.from < from) {
      events.push({
        type: 'PatientUnlisted',
        data: {
          personId,
          associationId: current.associationId,
          contractId: current.contractId,
          to: from,
          endReason: 'CHANGED',
        },
      });
    }
    events.push({
      type: 'PatientListed',
      data: {
        personId,
        associationId: `${contractId}@${from}`,
        contractId,
        from,
        beginReason: 'HELFO_MANUAL',
        countsTowardLimit: false,
        countedInYear: null,
        requestedBy: null,
        overrideReason: null,
        exemption: null,
        ...data,
      },
    });
    return events;
  };
}

/**
 * A voluntary change to `contractId` taking effect on the 1st of `month` (YYYY-MM), registered the
 * month before and counted in that registration year (R18 default).
 */
export function changed(
  personId: string,
  contractId: string,
  month: string,
  data: Partial<PatientListed['data']> = {},
): PersonFact {
  const from = `${month}-01`;
  return listed(personId, contractId, from, {
    beginReason: 'CHOICE',
    countsTowardLimit: true,
    countedInYear: yearOf(addMonths(from, -1)),
    ...data,
  });
}

/** A registered move to `municipality` (from wherever the person lives). */
export function moved(personId: string, municipality: string, movedOn: BusinessDate): PersonFact {
  return (state) => [
    ...registeredFirst(state, personId),
    {
      type: 'PersonMoved',
      data: {
        personId,
        fromMunicipality: state.registered ? state.municipality : OSLO,
        municipality,
        householdId: state.householdId,
        movedOn,
      },
    },
  ];
}

export function died(personId: string, diedOn: BusinessDate): PersonFact {
  return (state) => [...registeredFirst(state, personId), { type: 'PersonDied', data: { personId, diedOn } }];
}

export function emigrated(personId: string, emigratedOn: BusinessDate): PersonFact {
  return (state) => [
    ...registeredFirst(state, personId),
    { type: 'PersonEmigrated', data: { personId, emigratedOn } },
  ];
}

export function optedOut(personId: string, on: BusinessDate): PersonFact {
  return (state) => [...registeredFirst(state, personId), { type: 'PersonOptedOut', data: { personId, on } }];
}

export function waiting(
  personId: string,
  contractId: string,
  joinedAt: Instant = '2024-01-10T12:00:00+01:00',
): PersonFact {
  return (state) => [
    ...registeredFirst(state, personId),
    { type: 'WaitingListJoined', data: { personId, contractId, joinedAt, requestedBy: null } },
  ];
}

/** A bar as written today (`hprs`: every fastlege of the list), or, with one GP or none, as written before `hprs`. */
export function barred(
  personId: string,
  contractId: string,
  hpr: number | null | readonly number[] = null,
): PersonFact {
  const data = Array.isArray(hpr)
    ? { personId, contractId, hpr: hpr[0] ?? null, hprs: hpr, on: '2023-01-10' }
    : { personId, contractId, hpr: hpr as number | null, on: '2023-01-10' };
  return (state) => [...registeredFirst(state, personId), { type: 'PersonBarredFromList', data }];
}
