import { randomUUID } from 'node:crypto';
import {
  type ContractCommand,
  type ContractContext,
  decideContract,
  initialContractState,
  streams,
} from '@flr/domain';
import type { RegisterCommand } from './commands';
import { assertInForce, isContractActive, personOf } from './facts';
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
      | 'CancelContract';
  }
>;

function contractContext(s: WriteSession, receivingId?: string): ContractContext {
  const receiving = receivingId ? s.view.contracts.get(receivingId) : undefined;
  return {
    rules: s.rules,
    today: s.today,
    gpExists: (hpr) => s.view.gps.has(hpr),
    receiving: {
      exists: receiving?.exists ?? false,
      activeOn: (date) => (receivingId ? isContractActive(s.view, receivingId, date) : false),
    },
  };
}

async function decideForContract(
  s: WriteSession,
  contractId: string,
  cmd: ContractCommand,
  ctx: ContractContext,
) {
  const state = s.view.contracts.get(contractId) ?? { ...initialContractState, contractId };
  const events = decideContract(cmd, state, ctx);
  await s.append(streams.contract(contractId), events);
  return events;
}

export async function contractCommand(s: WriteSession, cmd: ContractScoped): Promise<void> {
  switch (cmd.type) {
    case 'CreateContract': {
      const contractId = cmd.contractId ?? randomUUID();
      assertInForce(s.view, cmd.municipality, s.today, 'municipality');
      await decideForContract(
        s,
        contractId,
        {
          type: 'CreateContract',
          contractId,
          municipality: cmd.municipality,
          officeOrgNo: cmd.officeOrgNo,
          maxPatients: cmd.maxPatients,
          validFrom: cmd.validFrom,
          commonList: cmd.commonList ?? false,
          fixedSalary: cmd.fixedSalary ?? false,
          status: cmd.status ?? 'open',
        },
        contractContext(s),
      );
      s.extras = { contractId };
      return;
    }
    case 'ChangeListCeiling':
    case 'ChangeListStatus': {
      const command: ContractCommand =
        cmd.type === 'ChangeListCeiling'
          ? { type: 'ChangeListCeiling', maxPatients: cmd.maxPatients }
          : { type: 'ChangeListStatus', status: cmd.status, by: 'manual' };
      await decideForContract(s, cmd.contractId, command, contractContext(s));
      return;
    }
    case 'StartDoctorPeriod': {
      const periodId = s.newId();
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
      await decideForContract(s, cmd.contractId, command, contractContext(s));
      s.extras = { periodId };
      return;
    }
    case 'EndDoctorPeriod': {
      const command: ContractCommand = { type: 'EndDoctorPeriod', periodId: cmd.periodId, to: cmd.to };
      await decideForContract(s, cmd.contractId, command, contractContext(s));
      return;
    }
    case 'ReduceList': {
      const reductionId = s.newId();
      const memberIds = s.view.links.membersOn(cmd.contractId, cmd.effectiveFrom, { staying: true });
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
      const command: ContractCommand = {
        type: 'ReduceList',
        reductionId,
        count: cmd.count,
        toContractId: cmd.toContractId,
        effectiveFrom: cmd.effectiveFrom,
        seed: cmd.seed ?? randomUUID(),
        members,
      };
      await decideForContract(s, cmd.contractId, command, contractContext(s, cmd.toContractId));
      s.extras = { reductionId, effectiveFrom: cmd.effectiveFrom };
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
        memberIds,
      };
      await decideForContract(s, cmd.contractId, command, contractContext(s, cmd.moveToContractId));
      s.extras = { effectiveFrom: cmd.effectiveFrom };
      await completeDecision(s, `cancel-${cmd.contractId}`);
      return;
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
