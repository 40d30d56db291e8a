import {
  type BeginReason,
  decideContract,
  decidePerson,
  effectiveDate,
  type Entitlement,
  intakeTaken,
  type PersonCommand,
  type PersonFactsFor,
  streams,
  UnknownResource,
} from '@flr/domain';
import type { RegisterCommand } from './commands';
import { assertInForce, listFacts, parseNinOrThrow, personIdOf, personOf } from './facts';
import {
  commonFacts,
  fastlegeEndsOnCurrentList,
  moveFacts,
  municipalityCodesOnLastMove,
  parentsListsOn,
  requesterOf,
} from './person-facts';
import type { WriteSession } from './write-session';

type PersonScoped = Extract<
  RegisterCommand,
  {
    type:
      | 'RecordMove'
      | 'RecordDeath'
      | 'RecordEmigration'
      | 'OptOut'
      | 'OptIn'
      | 'ChangeNin'
      | 'AssignPatient'
      | 'ChangeGp'
      | 'JoinWaitingList'
      | 'LeaveWaitingList'
      | 'RemoveFromList';
  }
>;

/**
 * Decides one person command on the person's state with the facts gathered for it, and appends its
 * events to the person's stream (one decision, one append).
 */
export async function decideForPerson<C extends PersonCommand>(
  s: WriteSession,
  personId: string,
  command: C,
  facts: PersonFactsFor<C>,
) {
  const events = decidePerson(command, await personOf(s.view, personId), facts);
  await s.append(streams.person(personId), events);
  const listed = events.find((e) => e.type === 'PatientListed');
  // §4.3: a restored current link keeps its old start; the restoration itself takes effect as a change would.
  const restored = events.some((e) => e.type === 'PendingListingWithdrawn' && e.data.reason === 'RESTORED');
  if (listed) {
    s.extras = { ...s.extras, effectiveFrom: restored ? effectiveDate(s.today, s.rules) : listed.data.from };
    await closeTakenIntake(s, listed.data.contractId);
  }
  return events;
}

/**
 * R14: a list the daily job opened closes once it has taken in its batch of 10 ("stays open until the
 * 10 places are filled"). The arrival that fills the batch records the close, so the status every
 * query answers is the one ChangeGP and JoinWaitingList see (API.md); the next run reopens the list
 * if it still has the free places. Recorded as the job's recomputation, as the job would have done; a
 * list with a fact recorded after this command is left to the job.
 */
export async function closeTakenIntake(s: WriteSession, contractId: string): Promise<void> {
  const contract = s.view.contracts.get(contractId);
  if (contract?.status !== 'open' || !intakeTaken(s.view.intakes.arrivals(contractId))) return;
  if (await s.recordedAfter(streams.contract(contractId))) return;
  const command = { type: 'ChangeListStatus' as const, status: 'closed' as const, by: 'daily-job' as const };
  await s.append(streams.contract(contractId), decideContract({ ...command, on: s.today }, contract));
}

export async function registerPerson(
  s: WriteSession,
  cmd: Extract<RegisterCommand, { type: 'RegisterPerson' }>,
) {
  const nin = parseNinOrThrow(cmd.nin, s.rules, 'nin', s.today);
  const ninHolder = s.view.ninIndex.get(nin.value) ?? null;
  const formerHolder = s.view.ninIndex.formerHolder(nin.value) ?? null;
  // R46 is answered first: a taken NIN (or one replaced by a newer one, R41) is 409 ALREADY_REGISTERED
  // (from the decision) before the municipality and the parents are looked up.
  const parentIds: string[] = [];
  if (ninHolder === null && formerHolder === null) {
    assertInForce(s.view, cmd.municipality, s.today, 'municipality');
    parentIds.push(...(cmd.parents ?? []).map((p, i) => personIdOf(s.view, p, `parents[${i}]`)));
  }
  const personId = s.newId();
  const command = {
    type: 'RegisterPerson' as const,
    personId,
    nin: nin.value,
    ninKind: nin.kind,
    birthDate: cmd.birthDate ?? nin.birthDate,
    sex: cmd.sex ?? nin.sex,
    municipality: cmd.municipality,
    householdId: cmd.householdId ?? null,
    parentIds,
    entitlement: cmd.entitlement ?? null,
  };
  const parentEntitlements: Entitlement[] = [];
  for (const parentId of parentIds) {
    const entitlement = (await personOf(s.view, parentId)).entitlement;
    if (entitlement) parentEntitlements.push(entitlement);
  }
  const facts = { ...commonFacts(s), ninHolder, formerHolder, parentEntitlements };
  await decideForPerson(s, personId, command, facts);
}

export async function personCommand(s: WriteSession, cmd: PersonScoped): Promise<void> {
  const personId = personIdOf(s.view, cmd.nin);
  const person = await personOf(s.view, personId);
  const common = commonFacts(s);
  const from = effectiveDate(s.today, s.rules);
  switch (cmd.type) {
    case 'RecordMove': {
      assertInForce(s.view, cmd.municipality, [s.today, cmd.movedOn], 'municipality');
      const command = {
        type: 'RecordMove' as const,
        municipality: cmd.municipality,
        householdId: cmd.householdId ?? null,
        movedOn: cmd.movedOn,
      };
      const facts = { ...common, ...moveFacts(s, person, cmd.municipality, cmd.movedOn) };
      return void (await decideForPerson(s, personId, command, facts));
    }
    case 'RecordDeath':
      return void (await decideForPerson(s, personId, { type: cmd.type, diedOn: cmd.diedOn }, common));
    case 'RecordEmigration': {
      const command = { type: cmd.type, emigratedOn: cmd.emigratedOn };
      return void (await decideForPerson(s, personId, command, common));
    }
    case 'OptOut':
    case 'OptIn': {
      // R4: parents may leave a child outside the scheme (and take it back in), as R11 lets them act.
      const requester = await requesterOf(s, person, cmd.requestedBy);
      return void (await decideForPerson(s, personId, { type: cmd.type }, { ...common, requester }));
    }
    case 'ChangeNin': {
      const nin = parseNinOrThrow(cmd.newNin, s.rules, 'newNin', s.today);
      const newNinHolder = s.view.ninIndex.get(nin.value) ?? null;
      const formerHolder = s.view.ninIndex.formerHolder(nin.value) ?? null;
      const command = { type: 'ChangeNin' as const, newNin: nin.value };
      return void (await decideForPerson(s, personId, command, { ...common, newNinHolder, formerHolder }));
    }
    case 'ChangeGp': {
      const command = { type: 'ChangeGp' as const, contractId: cmd.contractId, associationId: s.newId() };
      return void (await decideForPerson(s, personId, command, {
        ...common,
        target: listFacts(s.view, cmd.contractId, from),
        requester: await requesterOf(s, person, cmd.requestedBy),
        fastlegeEndsOnCurrentList: fastlegeEndsOnCurrentList(s, person),
        parentsListsOnEffectiveDate: await parentsListsOn(s, person, from),
        municipalityCodesOnLastMove: municipalityCodesOnLastMove(s, person),
      }));
    }
    case 'AssignPatient': {
      const command = {
        type: 'AssignPatient' as const,
        contractId: cmd.contractId,
        associationId: s.newId(),
        reason: (cmd.reason ?? 'HELFO_MANUAL') as BeginReason,
        overrideReason: cmd.overrideReason ?? null,
        effectiveFrom: cmd.effectiveFrom ?? null,
      };
      const target = listFacts(s.view, cmd.contractId, cmd.effectiveFrom ?? from);
      return void (await decideForPerson(s, personId, command, { ...common, target }));
    }
    case 'JoinWaitingList': {
      const command = { type: 'JoinWaitingList' as const, contractId: cmd.contractId };
      return void (await decideForPerson(s, personId, command, {
        ...common,
        target: listFacts(s.view, cmd.contractId, s.today),
        requester: await requesterOf(s, person, cmd.requestedBy),
      }));
    }
    case 'LeaveWaitingList': {
      if (!s.view.contracts.get(cmd.contractId)?.exists)
        throw new UnknownResource('UNKNOWN_CONTRACT', 'No such contract');
      const command = {
        type: 'LeaveWaitingList' as const,
        contractId: cmd.contractId,
        reason: 'LEFT' as const,
      };
      return void (await decideForPerson(s, personId, command, common));
    }
    case 'RemoveFromList': {
      if (!s.view.contracts.get(cmd.contractId)?.exists)
        throw new UnknownResource('UNKNOWN_CONTRACT', 'No such contract');
      const at = cmd.effectiveFrom ?? from;
      const command = {
        type: 'BarFromList' as const,
        contractId: cmd.contractId,
        hprs: listFacts(s.view, cmd.contractId, s.today).fastlegeHprs,
        effectiveFrom: cmd.effectiveFrom ?? null,
        moveToContractId: cmd.moveToContractId ?? null,
        associationId: s.newId(),
      };
      const moveTo = cmd.moveToContractId ? listFacts(s.view, cmd.moveToContractId, at) : null;
      const events = await decideForPerson(s, personId, command, { ...common, moveTo });
      const unlisted = events.find((e) => e.type === 'PatientUnlisted');
      if (unlisted && !s.extras.effectiveFrom) s.extras = { ...s.extras, effectiveFrom: unlisted.data.to };
      return;
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
