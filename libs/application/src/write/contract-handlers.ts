import { randomUUID } from 'node:crypto';
import {
  type BusinessDate,
  type ContractCommand,
  type ContractEvent,
  type ContractFacts,
  decideContract,
  initialContractState,
  type ReceivingList,
  streams,
} from '@flr/domain';
import type { RegisterCommand } from './commands';
import { assertInForce, canonicalMunicipality, isContractActive, personOf } from './facts';
import { completeDecision } from './process-manager';
import type { WriteSession } from './write-session';

type ContractScoped = Extract<
  RegisterCommand,
  {
    type:
      | 'CreateContract'
      | 'ChangeListCeiling'
      | 'ChangeListStatus'
      | 'StartDoctorPeriod'
      | 'EndDoctorPeriod'
      | 'ReduceList'
      | 'CancelContract'
      | 'UpdateContract';
  }
>;

/** R31/R34b: the receiving list as plain facts, as of the command's effective date. */
function receivingList(s: WriteSession, contractId: string, on: BusinessDate): ReceivingList {
  const contract = s.view.contracts.get(contractId);
  return {
    exists: contract?.exists ?? false,
    activeOnEffectiveDate: isContractActive(s.view, contractId, on),
    cancellationRegistered: !!contract?.canceled,
  };
}

async function decideForContract(
  s: WriteSession,
  contractId: string,
  cmd: ContractCommand,
  facts: ContractFacts = {},
  movesPersons: (events: readonly ContractEvent[]) => readonly string[] = () => [],
) {
  const state = s.view.contracts.get(contractId) ?? { ...initialContractState, contractId };
  const events = decideContract(cmd, state, facts);
  const stream = streams.contract(contractId);
  // API.md: not before a fact on the list nor on anyone the decision moves, checked before any append.
  await s.refuseBackdating([stream, ...movesPersons(events).map(streams.person)]);
  await s.append(stream, events);
  return events;
}

/** R31: the persons a reduction draws. */
const drawn = (events: readonly ContractEvent[]) =>
  events.flatMap((e) => (e.type === 'ListReductionOrdered' ? e.data.drawnPersonIds : []));

export async function contractCommand(s: WriteSession, cmd: ContractScoped): Promise<void> {
  switch (cmd.type) {
    case 'CreateContract': {
      const contractId = cmd.contractId ?? randomUUID();
      assertInForce(s.view, cmd.municipality, [s.today, cmd.validFrom], 'municipality');
      await decideForContract(s, contractId, {
        type: 'CreateContract',
        contractId,
        municipality: cmd.municipality,
        officeOrgNo: cmd.officeOrgNo,
        maxPatients: cmd.maxPatients,
        validFrom: cmd.validFrom,
        commonList: cmd.commonList ?? false,
        fixedSalary: cmd.fixedSalary ?? false,
        status: cmd.status ?? 'open',
      });
      s.extras = { contractId };
      return;
    }
    case 'ChangeListCeiling':
    case 'ChangeListStatus': {
      const command: ContractCommand =
        cmd.type === 'ChangeListCeiling'
          ? { type: 'ChangeListCeiling', maxPatients: cmd.maxPatients, on: s.today }
          : { type: 'ChangeListStatus', status: cmd.status, by: 'manual', on: s.today };
      await decideForContract(s, cmd.contractId, command);
      return;
    }
    case 'StartDoctorPeriod': {
      const periodId = cmd.periodId ?? s.newId();
      const command: ContractCommand = {
        type: 'StartDoctorPeriod',
        periodId,
        hpr: cmd.hpr,
        relationship: cmd.relationship,
        from: cmd.from,
        to: cmd.to ?? null,
        substituteForHpr: cmd.substituteForHpr ?? null,
        workingPercentage: cmd.workingPercentage ?? null,
      };
      const registeredGps = [cmd.hpr, cmd.substituteForHpr ?? null].filter(
        (hpr): hpr is number => hpr !== null && s.view.gps.has(hpr),
      );
      await decideForContract(s, cmd.contractId, command, { registeredGps });
      s.extras = { periodId };
      return;
    }
    case 'EndDoctorPeriod': {
      const command: ContractCommand = { type: 'EndDoctorPeriod', periodId: cmd.periodId, to: cmd.to };
      await decideForContract(s, cmd.contractId, command);
      return;
    }
    case 'ReduceList': {
      const reductionId = s.newId();
      // R30/R31: the draw is among the patients on the list on the effective date who stay on it; a person
      // whose own pending change would be undone is not drawn (the change stands): one leaving the list,
      // or one whose arrival, still pending when the reduction is ordered, is due that very day.
      const memberIds = s.view.links.membersOn(cmd.contractId, cmd.effectiveFrom, {
        staying: true,
        listedBy: s.today,
      });
      const members = [];
      for (const personId of memberIds) {
        const p = await personOf(s.view, personId);
        members.push({
          personId,
          householdId: p.householdId,
          birthDate: p.birthDate,
          parentIds: p.parentIds,
        });
      }
      // §4.7: the seed is stored with the draw and answered, so the caller can name it (S31).
      const seed = cmd.seed ?? randomUUID();
      const command: ContractCommand = {
        type: 'ReduceList',
        reductionId,
        count: cmd.count,
        toContractId: cmd.toContractId,
        effectiveFrom: cmd.effectiveFrom,
        seed,
      };
      await decideForContract(
        s,
        cmd.contractId,
        command,
        {
          members,
          receiving: receivingList(s, cmd.toContractId, cmd.effectiveFrom),
          overshoot: s.rules.reductionOvershoot,
        },
        drawn,
      );
      s.extras = { reductionId, seed, effectiveFrom: cmd.effectiveFrom };
      await completeDecision(s, reductionId);
      return;
    }
    case 'CancelContract': {
      const memberIds = s.view.links.membersOn(cmd.contractId, cmd.effectiveFrom, { arriving: true });
      const command: ContractCommand = {
        type: 'CancelContract',
        effectiveFrom: cmd.effectiveFrom,
        moveToContractId: cmd.moveToContractId,
        endReason: cmd.endReason ?? 'CONTRACT_ENDED',
      };
      // R34b moves the members; R26 ends the waiting-list entries (process-manager.ts).
      const waiting = [...(s.view.waiting.get(cmd.contractId)?.keys() ?? [])];
      await decideForContract(
        s,
        cmd.contractId,
        command,
        { memberIds, receiving: receivingList(s, cmd.moveToContractId, cmd.effectiveFrom) },
        (events) => [
          ...events.flatMap((e) => (e.type === 'ContractCanceled' ? e.data.movedPersonIds : [])),
          ...waiting,
        ],
      );
      s.extras = { effectiveFrom: cmd.effectiveFrom };
      await completeDecision(s, `cancel-${cmd.contractId}`);
      return;
    }
    case 'UpdateContract': {
      // §1.8 (issue 9): each co-operating municipality must be in force on the validity date
      // (an unknown contract is left to the decider's 404).
      const main = s.view.contracts.get(cmd.contractId)?.municipality;
      if (main)
        for (const [i, number] of (cmd.changes.coopMunicipalities ?? []).entries())
          assertInForce(s.view, number, cmd.validFrom, `coopMunicipalities[${i}]`);
      const command: ContractCommand = {
        type: 'UpdateContract',
        validFrom: cmd.validFrom,
        changes: cmd.changes,
      };
      await decideForContract(s, cmd.contractId, command, {
        mainMunicipalityOn: main ? canonicalMunicipality(s.view, main, cmd.validFrom) : '',
      });
      s.extras = { effectiveFrom: cmd.validFrom };
      return;
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
