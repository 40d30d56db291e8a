import { InvalidInput } from '../errors';
import type { ContractEvent } from '../events';
import { refuse, unknown } from '../shared/refusals';
import type { ContractCommand, ContractContext } from './contract.commands';
import { type ContractState, contractActiveOn, evolveContract, initialContractState } from './contract.state';
import { drawReduction } from './reduction-draw';

function assertExists(state: ContractState): void {
  if (!state.exists) unknown('UNKNOWN_CONTRACT', 'No such contract');
}

function invalid(field: string, message: string): never {
  throw new InvalidInput('INVALID_INPUT', [{ field, message }]);
}

function assertReceiving(state: ContractState, toContractId: string, on: string, ctx: ContractContext): void {
  if (toContractId === state.contractId) invalid('toContractId', 'must be another contract');
  if (!ctx.receiving?.exists) unknown('UNKNOWN_CONTRACT', 'The receiving contract does not exist');
  if (!ctx.receiving.activeOn(on))
    refuse('CONTRACT_NOT_ACTIVE', 'R34', `The receiving contract is not in force on ${on}`);
}

/** The contract decider: ceiling, status, doctor periods, reductions and cancellation (DESIGN §3.2). */
export function decideContract(
  cmd: ContractCommand,
  state: ContractState,
  ctx: ContractContext,
): ContractEvent[] {
  const contractId = state.contractId;
  switch (cmd.type) {
    case 'CreateContract': {
      if (state.exists) refuse('ALREADY_REGISTERED', 'R46', 'A contract with that id already exists');
      const { type: _t, ...data } = cmd;
      return [{ type: 'ContractCreated', data }];
    }
    case 'ChangeListCeiling': {
      assertExists(state);
      if (state.canceled) refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The contract is cancelled');
      if (cmd.maxPatients === state.maxPatients) return [];
      // R29: a new listetak moves nobody.
      const data = {
        contractId,
        maxPatients: cmd.maxPatients,
        previousMaxPatients: state.maxPatients,
        on: ctx.today,
      };
      return [{ type: 'ListCeilingChanged', data }];
    }
    case 'ChangeListStatus': {
      assertExists(state);
      if (state.canceled) refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The contract is cancelled');
      if (cmd.status === state.status) return [];
      const data = {
        contractId,
        status: cmd.status,
        previousStatus: state.status,
        by: cmd.by,
        on: ctx.today,
      };
      return [{ type: 'ListStatusChanged', data }];
    }
    case 'StartDoctorPeriod': {
      assertExists(state);
      if (cmd.to !== null && cmd.to <= cmd.from) invalid('to', 'to must be after from');
      if (!ctx.gpExists?.(cmd.hpr)) unknown('UNKNOWN_GP', `No GP with HPR number ${cmd.hpr}`);
      if (cmd.substituteForHpr !== null && !ctx.gpExists?.(cmd.substituteForHpr)) {
        unknown('UNKNOWN_GP', `No GP with HPR number ${cmd.substituteForHpr}`);
      }
      if (!contractActiveOn(state, cmd.from))
        refuse('CONTRACT_NOT_ACTIVE', 'R34', `The contract is not in force on ${cmd.from}`);
      const overlaps = state.doctors.some(
        (d) =>
          d.hpr === cmd.hpr &&
          d.relationship === cmd.relationship &&
          (d.to === null || cmd.from < d.to) &&
          (cmd.to === null || d.from < cmd.to),
      );
      if (overlaps)
        refuse('OVERLAPPING_PERIOD', 'R37', 'The doctor already has an overlapping period on this list');
      // R37: a substitute covering a named GP ("VikarForLege") covers a fastlege of this list: one
      // with an LPFL period here (before, during or, for an incoming GP, after the substitute's).
      if (cmd.substituteForHpr !== null) {
        const ofThisList = state.doctors.some(
          (d) => d.hpr === cmd.substituteForHpr && d.relationship === 'LPFL',
        );
        if (!ofThisList)
          refuse(
            'NOT_A_GP_OF_THE_LIST',
            'R37',
            `GP ${cmd.substituteForHpr} has no fastlege (LPFL) period on this list to substitute for`,
          );
      }
      // R34a/R37: doctor periods (successor, vikar, deleliste, fellesliste) never move patients.
      const { type: _t, ...period } = cmd;
      return [{ type: 'DoctorPeriodStarted', data: { contractId, ...period } }];
    }
    case 'EndDoctorPeriod': {
      assertExists(state);
      const period = state.doctors.find((d) => d.periodId === cmd.periodId);
      if (!period) unknown('UNKNOWN_DOCTOR_PERIOD', 'No such doctor period on this contract');
      if (cmd.to <= period.from) invalid('to', 'to must be after the period start');
      return [{ type: 'DoctorPeriodEnded', data: { contractId, periodId: cmd.periodId, to: cmd.to } }];
    }
    case 'ReduceList': {
      assertExists(state);
      if (!cmd.effectiveFrom.endsWith('-01'))
        invalid('effectiveFrom', 'a reduction takes effect on the 1st of a month (R30)');
      if (!contractActiveOn(state, cmd.effectiveFrom))
        refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The contract is not in force then');
      assertReceiving(state, cmd.toContractId, cmd.effectiveFrom, ctx);
      // R30/R31: the draw is made here, once, and recorded; replays never draw again (§4.7).
      const drawn = drawReduction(
        cmd.members,
        cmd.count,
        cmd.seed,
        cmd.effectiveFrom,
        ctx.rules.reductionOvershoot,
      );
      const data = {
        contractId,
        reductionId: cmd.reductionId,
        count: cmd.count,
        toContractId: cmd.toContractId,
        effectiveFrom: cmd.effectiveFrom,
        seed: cmd.seed,
        drawnPersonIds: drawn,
      };
      return [{ type: 'ListReductionOrdered', data }];
    }
    case 'CancelContract': {
      assertExists(state);
      if (state.canceled) refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The contract is already cancelled');
      if (cmd.effectiveFrom < state.validFrom)
        invalid('effectiveFrom', 'must not be before the contract started');
      if (cmd.moveToContractId === contractId) invalid('moveToContractId', 'must be another contract');
      assertReceiving(state, cmd.moveToContractId, cmd.effectiveFrom, ctx);
      // R34b: every patient is moved; the process manager carries the moves out person by person.
      const data = {
        contractId,
        effectiveFrom: cmd.effectiveFrom,
        moveToContractId: cmd.moveToContractId,
        endReason: cmd.endReason,
        movedPersonIds: [...cmd.memberIds],
      };
      return [{ type: 'ContractCanceled', data }];
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}

export const contractDecider = {
  initialState: initialContractState,
  evolve: evolveContract,
  decide: decideContract,
} as const;
