import { osloDateOf } from '../calendar';
import type { BeginReason, BusinessDate, WaitingListLeaveReason } from '../events';
import type { AssignPatient, AssignPatientFacts } from '../person/assign-patient/assign-patient.command';
import type { BarFromList, BarFromListFacts } from '../person/bar-from-list/bar-from-list.command';
import type { ChangeGp, ChangeGpFacts } from '../person/change-gp/change-gp.command';
import type { ChangeNin, ChangeNinFacts } from '../person/change-nin/change-nin.command';
import type { CommonFacts, ListFacts, Requester } from '../person/facts';
import type {
  JoinWaitingList,
  JoinWaitingListFacts,
} from '../person/join-waiting-list/join-waiting-list.command';
import type { LeaveWaitingList } from '../person/leave-waiting-list/leave-waiting-list.command';
import type { MoveByDecision } from '../person/move-by-decision/move-by-decision.command';
import type { OptIn, OptInFacts } from '../person/opt-in/opt-in.command';
import type { OptOut, OptOutFacts } from '../person/opt-out/opt-out.command';
import type {
  PlaceAutomatically,
  PlaceAutomaticallyFacts,
} from '../person/place-automatically/place-automatically.command';
import type {
  PromoteFromWaitingList,
  PromoteFromWaitingListFacts,
} from '../person/promote-from-waiting-list/promote-from-waiting-list.command';
import type { RecordDeath } from '../person/record-death/record-death.command';
import type { RecordEmigration } from '../person/record-emigration/record-emigration.command';
import type { RecordMove, RecordMoveFacts } from '../person/record-move/record-move.command';
import type { RegisterPerson, RegisterPersonFacts } from '../person/register-person/register-person.command';
import { DEFAULT_REGISTER_RULES, type RegisterRules } from '../rules/settings';
import type { Case } from './decider-spec';
import { MOTHER, OSLO, P } from './person-events';

/** A command under test with its facts, completed by `on` with the rules and the registration time. */
export type CaseBuilder<Command, Facts> = (common: CommonFacts) => Case<Command, Facts>;

/**
 * The command registered at noon (Oslo, winter offset) on a business date, or at an exact instant;
 * `today` is its Europe/Oslo date. `rules` overrides settings of RULES.md.
 */
export function on<Command, Facts>(
  dateOrInstant: string,
  build: CaseBuilder<Command, Facts>,
  rules: Partial<RegisterRules> = {},
): Case<Command, Facts> {
  const registeredAt = dateOrInstant.length === 10 ? `${dateOrInstant}T12:00:00+01:00` : dateOrInstant;
  return build({
    rules: { ...DEFAULT_REGISTER_RULES, ...rules },
    today: osloDateOf(registeredAt),
    registeredAt,
  });
}

/** An open list with 10 free places, in force since the scheme started. */
export function list(contractId: string, facts: Partial<ListFacts> = {}): ListFacts {
  return {
    contractId,
    exists: true,
    validFrom: '2001-06-01',
    endsOn: null,
    status: 'open',
    freePlaces: 10,
    fastlegeHprs: [],
    ...facts,
  };
}

/** R11: a parent asking for the child (sharing the child's address unless said otherwise). */
export function parent(personId = MOTHER, sameHousehold = true): Requester {
  return { personId, isParent: true, sameHousehold };
}

/** Someone who is not a parent of the person. */
export function stranger(personId = 'X'): Requester {
  return { personId, isParent: false, sameHousehold: false };
}

type Extra<F, K extends keyof F = never> = Partial<Omit<F, keyof CommonFacts | K>>;
type WithTarget<F> = Extra<F, 'target' & keyof F> & { readonly target?: Partial<ListFacts> };

export function registerPerson(
  data: Partial<Omit<RegisterPerson, 'type'>> = {},
  facts: Extra<RegisterPersonFacts> = {},
): CaseBuilder<RegisterPerson, RegisterPersonFacts> {
  return (common) => ({
    command: {
      type: 'RegisterPerson',
      personId: P,
      nin: '24029000000',
      ninKind: 'FNR',
      birthDate: '1990-02-24',
      sex: null,
      municipality: OSLO,
      householdId: null,
      parentIds: [],
      entitlement: null,
      ...data,
    },
    facts: { ...common, ninHolder: null, ...facts },
  });
}

/** A move to `municipality`; by default from Oslo, no renumbering, no list with a free place there. */
export function recordMove(
  municipality: string,
  movedOn: BusinessDate,
  facts: { readonly from?: string; readonly to?: string; readonly listsWithPlaces?: readonly string[] } = {},
): CaseBuilder<RecordMove, RecordMoveFacts> {
  return (common) => ({
    command: { type: 'RecordMove', municipality, householdId: null, movedOn },
    facts: {
      ...common,
      municipalityCodes: { from: facts.from ?? OSLO, to: facts.to ?? municipality },
      listsWithPlaces: facts.listsWithPlaces ?? [],
    },
  });
}

export function recordDeath(diedOn: BusinessDate): CaseBuilder<RecordDeath, CommonFacts> {
  return (common) => ({ command: { type: 'RecordDeath', diedOn }, facts: common });
}

export function recordEmigration(emigratedOn: BusinessDate): CaseBuilder<RecordEmigration, CommonFacts> {
  return (common) => ({ command: { type: 'RecordEmigration', emigratedOn }, facts: common });
}

export function optOut(requester: Requester | null = null): CaseBuilder<OptOut, OptOutFacts> {
  return (common) => ({ command: { type: 'OptOut' }, facts: { ...common, requester } });
}

export function optIn(requester: Requester | null = null): CaseBuilder<OptIn, OptInFacts> {
  return (common) => ({ command: { type: 'OptIn' }, facts: { ...common, requester } });
}

export function changeNin(
  newNin: string,
  newNinHolder: string | null = null,
): CaseBuilder<ChangeNin, ChangeNinFacts> {
  return (common) => ({ command: { type: 'ChangeNin', newNin }, facts: { ...common, newNinHolder } });
}

/** A change to `contractId` (an open list with free places unless `target` says otherwise). */
export function changeGp(
  contractId: string,
  facts: WithTarget<ChangeGpFacts> = {},
): CaseBuilder<ChangeGp, ChangeGpFacts> {
  return (common) => ({
    command: { type: 'ChangeGp', contractId, associationId: `${contractId}@change` },
    facts: {
      ...common,
      requester: null,
      fastlegeEndsOnCurrentList: [],
      parentsListsOnEffectiveDate: [],
      municipalityCodesOnLastMove: {},
      ...facts,
      target: list(contractId, facts.target),
    },
  });
}

export function assignPatient(
  contractId: string,
  command: Partial<Omit<AssignPatient, 'type' | 'contractId'>> = {},
  target: Partial<ListFacts> = {},
): CaseBuilder<AssignPatient, AssignPatientFacts> {
  return (common) => ({
    command: {
      type: 'AssignPatient',
      contractId,
      associationId: `${contractId}@assign`,
      reason: 'HELFO_MANUAL' as BeginReason,
      overrideReason: null,
      effectiveFrom: null,
      ...command,
    },
    facts: { ...common, target: list(contractId, target) },
  });
}

export function joinWaitingList(
  contractId: string,
  facts: WithTarget<JoinWaitingListFacts> = {},
): CaseBuilder<JoinWaitingList, JoinWaitingListFacts> {
  return (common) => ({
    command: { type: 'JoinWaitingList', contractId },
    facts: { ...common, requester: null, ...facts, target: list(contractId, facts.target) },
  });
}

export function leaveWaitingList(
  contractId: string,
  reason: WaitingListLeaveReason = 'LEFT',
): CaseBuilder<LeaveWaitingList, CommonFacts> {
  return (common) => ({ command: { type: 'LeaveWaitingList', contractId, reason }, facts: common });
}

export function promoteFromWaitingList(
  contractId: string,
  target: Partial<ListFacts> = {},
): CaseBuilder<PromoteFromWaitingList, PromoteFromWaitingListFacts> {
  return (common) => ({
    command: { type: 'PromoteFromWaitingList', contractId, associationId: `${contractId}@promote` },
    facts: { ...common, target: list(contractId, target) },
  });
}

export function placeAutomatically(
  contractId: string,
  effectiveFrom: BusinessDate,
  reason: PlaceAutomatically['reason'] = 'AUTO_NEW_RESIDENT',
  target: Partial<ListFacts> = {},
): CaseBuilder<PlaceAutomatically, PlaceAutomaticallyFacts> {
  return (common) => ({
    command: {
      type: 'PlaceAutomatically',
      contractId,
      associationId: `${contractId}@auto`,
      reason,
      effectiveFrom,
    },
    facts: { ...common, target: list(contractId, target) },
  });
}

/** R31 (reduction) by default; `cancellation` for R34b. */
export function moveByDecision(
  fromContractId: string,
  toContractId: string,
  effectiveFrom: BusinessDate,
  kind: 'reduction' | 'cancellation' = 'reduction',
): CaseBuilder<MoveByDecision, CommonFacts> {
  return (common) => ({
    command: {
      type: 'MoveByDecision',
      fromContractId,
      toContractId,
      associationId: `${toContractId}@decision`,
      effectiveFrom,
      beginReason: kind === 'reduction' ? 'REDUCTION_MOVE' : 'CONTRACT_END_MOVE',
      endReason: kind === 'reduction' ? 'REDUCTION' : 'CONTRACT_ENDED',
    },
    facts: { ...common, today: effectiveFrom },
  });
}

export function barFromList(
  contractId: string,
  command: Partial<Omit<BarFromList, 'type' | 'contractId'>> = {},
  moveTo: Partial<ListFacts> = {},
): CaseBuilder<BarFromList, BarFromListFacts> {
  const bar: BarFromList = {
    type: 'BarFromList',
    contractId,
    hprs: [],
    effectiveFrom: null,
    moveToContractId: null,
    associationId: `${contractId}@bar`,
    ...command,
  };
  return (common) => ({
    command: bar,
    facts: { ...common, moveTo: bar.moveToContractId ? list(bar.moveToContractId, moveTo) : null },
  });
}
