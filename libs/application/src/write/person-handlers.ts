import {
  type BeginReason,
  decidePerson,
  effectiveDate,
  linkOn,
  type PersonCommand,
  type PersonContext,
  RuleRefusal,
  streams,
  UnknownResource,
} from '@flr/domain';
import type { RegisterCommand } from './commands';
import {
  assertInForce,
  canonicalMunicipality,
  gpLeftOn,
  listFacts,
  listsWithPlaces,
  parseNinOrThrow,
  personIdOf,
  personOf,
} from './facts';
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

export function baseContext(s: WriteSession): PersonContext {
  return {
    rules: s.rules,
    today: s.today,
    registeredAt: s.registeredAt,
    canonicalMunicipality: (number, date) => canonicalMunicipality(s.view, number, date),
    listsWithPlaces: (municipality, date) => listsWithPlaces(s.view, municipality, date),
  };
}

/** Decides one person command and appends its events to the person's stream (one decision, one append). */
export async function decideForPerson(
  s: WriteSession,
  personId: string,
  cmd: PersonCommand,
  ctx: PersonContext,
) {
  const events = decidePerson(cmd, await personOf(s.view, personId), ctx);
  await s.append(streams.person(personId), events);
  const listed = events.find((e) => e.type === 'PatientListed');
  // §4.3: a restored current link keeps its old start; the restoration itself takes effect as a change would.
  const restored = events.some((e) => e.type === 'PendingListingWithdrawn' && e.data.reason === 'RESTORED');
  if (listed) {
    s.extras = { ...s.extras, effectiveFrom: restored ? effectiveDate(s.today, s.rules) : listed.data.from };
  }
  return events;
}

export async function registerPerson(
  s: WriteSession,
  cmd: Extract<RegisterCommand, { type: 'RegisterPerson' }>,
) {
  const nin = parseNinOrThrow(cmd.nin, s.rules, 'nin');
  if (s.view.ninIndex.has(nin.value)) {
    throw new RuleRefusal('ALREADY_REGISTERED', 'R46', 'A person with that nin is already registered');
  }
  assertInForce(s.view, cmd.municipality, s.today, 'municipality');
  const parentIds = (cmd.parents ?? []).map((p, i) => personIdOf(s.view, p, `parents[${i}]`));
  const personId = s.newId();
  await decideForPerson(
    s,
    personId,
    {
      type: 'RegisterPerson',
      personId,
      nin: nin.value,
      ninKind: nin.kind,
      birthDate: cmd.birthDate ?? nin.birthDate,
      sex: cmd.sex ?? nin.sex,
      municipality: cmd.municipality,
      householdId: cmd.householdId ?? null,
      parentIds,
      entitlement: cmd.entitlement ?? null,
    },
    baseContext(s),
  );
}

async function requesterOf(s: WriteSession, personId: string, requestedBy: string | undefined) {
  if (!requestedBy) return null;
  const requesterId = personIdOf(s.view, requestedBy, 'requestedBy');
  const person = await personOf(s.view, personId);
  const requester = await personOf(s.view, requesterId);
  return {
    personId: requesterId,
    isParent: person.parentIds.includes(requesterId),
    sameHousehold: person.householdId !== null && person.householdId === requester.householdId,
  };
}

export async function personCommand(s: WriteSession, cmd: PersonScoped): Promise<void> {
  const personId = personIdOf(s.view, cmd.nin);
  const ctx = baseContext(s);
  const from = effectiveDate(s.today, s.rules);
  switch (cmd.type) {
    case 'RecordMove':
      assertInForce(s.view, cmd.municipality, [s.today, cmd.movedOn], 'municipality');
      return void (await decideForPerson(s, personId, { ...cmd, householdId: cmd.householdId ?? null }, ctx));
    case 'RecordDeath':
    case 'RecordEmigration':
      return void (await decideForPerson(s, personId, cmd, ctx));
    case 'OptOut':
    case 'OptIn': {
      // R4: parents may leave a child outside the scheme (and take it back in), as R11 lets them act.
      const requester = await requesterOf(s, personId, cmd.requestedBy);
      return void (await decideForPerson(s, personId, { type: cmd.type }, { ...ctx, requester }));
    }
    case 'ChangeNin': {
      const nin = parseNinOrThrow(cmd.newNin, s.rules, 'newNin');
      if (s.view.ninIndex.has(nin.value) && s.view.ninIndex.get(nin.value) !== personId) {
        throw new RuleRefusal(
          'ALREADY_REGISTERED',
          'R41',
          'The new nin belongs to another registered person',
        );
      }
      return void (await decideForPerson(s, personId, { type: 'ChangeNin', newNin: nin.value }, ctx));
    }
    case 'ChangeGp': {
      const person = await personOf(s.view, personId);
      const parents = await Promise.all(person.parentIds.map((p) => personOf(s.view, p)));
      // R13a: a parent on the target list on the effective date.
      const parentOnTarget = parents.some((parent) => linkOn(parent, from)?.contractId === cmd.contractId);
      const full: PersonContext = {
        ...ctx,
        target: listFacts(s.view, cmd.contractId, from),
        parentOnTarget,
        requester: await requesterOf(s, personId, cmd.requestedBy),
        gpLeftOn: gpLeftOn(s.view, person, s.today, from),
      };
      const command = { type: 'ChangeGp' as const, contractId: cmd.contractId, associationId: s.newId() };
      return void (await decideForPerson(s, personId, command, full));
    }
    case 'AssignPatient': {
      const at = cmd.effectiveFrom ?? from;
      const command = {
        type: 'AssignPatient' as const,
        contractId: cmd.contractId,
        associationId: s.newId(),
        reason: (cmd.reason ?? 'HELFO_MANUAL') as BeginReason,
        overrideReason: cmd.overrideReason ?? null,
        effectiveFrom: cmd.effectiveFrom ?? null,
      };
      return void (await decideForPerson(s, personId, command, {
        ...ctx,
        target: listFacts(s.view, cmd.contractId, at),
      }));
    }
    case 'JoinWaitingList': {
      const full: PersonContext = {
        ...ctx,
        target: listFacts(s.view, cmd.contractId, s.today),
        requester: await requesterOf(s, personId, cmd.requestedBy),
      };
      return void (await decideForPerson(
        s,
        personId,
        { type: 'JoinWaitingList', contractId: cmd.contractId },
        full,
      ));
    }
    case 'LeaveWaitingList': {
      if (!s.view.contracts.get(cmd.contractId)?.exists)
        throw new UnknownResource('UNKNOWN_CONTRACT', 'No such contract');
      const command = {
        type: 'LeaveWaitingList' as const,
        contractId: cmd.contractId,
        reason: 'LEFT' as const,
      };
      return void (await decideForPerson(s, personId, command, ctx));
    }
    case 'RemoveFromList': {
      const contract = s.view.contracts.get(cmd.contractId);
      if (!contract?.exists) throw new UnknownResource('UNKNOWN_CONTRACT', 'No such contract');
      const at = cmd.effectiveFrom ?? from;
      const hpr = listFacts(s.view, cmd.contractId, s.today).fastlegeHprs[0] ?? null;
      const command = {
        type: 'BarFromList' as const,
        contractId: cmd.contractId,
        hpr,
        effectiveFrom: cmd.effectiveFrom ?? null,
        moveToContractId: cmd.moveToContractId ?? null,
        associationId: s.newId(),
      };
      const moveTo = cmd.moveToContractId ? listFacts(s.view, cmd.moveToContractId, at) : undefined;
      const events = await decideForPerson(s, personId, command, { ...ctx, moveTo });
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
