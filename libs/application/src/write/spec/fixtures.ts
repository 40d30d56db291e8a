import { type BeginReason, makeOrgNo } from '@flr/domain';
import { type Fact, nin, on } from '@flr/testing';
import type { RegisterCommand } from '../commands';

export const OSLO = '0301';
export const BERGEN = '4601';
export const ORG = makeOrgNo('91234567') ?? makeOrgNo('91234568')!;

export const P = nin('1990-02-24');
export const Q = nin('1985-03-15');

export function contract(
  contractId: string,
  opts: Partial<Extract<RegisterCommand, { type: 'CreateContract' }>> = {},
) {
  return {
    type: 'CreateContract' as const,
    contractId,
    municipality: OSLO,
    officeOrgNo: ORG,
    maxPatients: 10,
    validFrom: '2001-06-01',
    ...opts,
  };
}

export function person(
  value: string,
  opts: Partial<Extract<RegisterCommand, { type: 'RegisterPerson' }>> = {},
) {
  return { type: 'RegisterPerson' as const, nin: value, municipality: OSLO, ...opts };
}

export function assign(value: string, contractId: string, reason: BeginReason = 'HELFO_MANUAL') {
  return { type: 'AssignPatient' as const, nin: value, contractId, reason };
}

export function changeGp(value: string, contractId: string, requestedBy?: string) {
  return { type: 'ChangeGp' as const, nin: value, contractId, requestedBy };
}

export function joinWaiting(value: string, contractId: string, requestedBy?: string) {
  return { type: 'JoinWaitingList' as const, nin: value, contractId, requestedBy };
}

export function daily(date: string) {
  return { type: 'RunDailyJob' as const, date };
}

/** Lists: `L-A` (Oslo) and `L-B` (Oslo), both with 10 places, created in 2020. */
export function twoLists(maxA = 10, maxB = 10): Fact[] {
  return [
    on('2020-01-01', contract('L-A', { maxPatients: maxA })),
    on('2020-01-01', contract('L-B', { maxPatients: maxB })),
  ];
}

/** `n` adults registered and placed on `contractId` in 2020 (they fill its places). */
export function filled(contractId: string, n: number, birthYear = 1970): Fact[] {
  const facts: Fact[] = [];
  for (let i = 0; i < n; i++) {
    const value = nin(
      `${birthYear}-01-0${1 + (i % 9)}`,
      Math.floor(i / 9) + (contractId.charCodeAt(2) % 7) * 20,
    );
    facts.push(on('2020-01-02', person(value)), on('2020-01-02', assign(value, contractId)));
  }
  return facts;
}

/** P registered in Oslo and on L-A since 2020-02-01. */
export function pOnA(value = P): Fact[] {
  return [on('2020-01-02', person(value)), on('2020-01-02', assign(value, 'L-A'))];
}
