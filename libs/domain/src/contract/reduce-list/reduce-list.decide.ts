import type { ListReductionOrdered } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertExists, assertReceiving, invalid } from '../contract.guards';
import { type ContractState, contractActiveOn } from '../contract.state';
import { drawReduction } from '../reduction-draw';
import type { ReduceList, ReduceListFacts } from './reduce-list.command';

/**
 * R30/R31: the draw is made here, once, and recorded with its seed; replays never draw again (§4.7).
 * The process manager moves the drawn persons one by one.
 */
export function reduceList(
  command: ReduceList,
  state: ContractState,
  facts: ReduceListFacts,
): ListReductionOrdered[] {
  assertExists(state);
  if (!command.effectiveFrom.endsWith('-01'))
    invalid('effectiveFrom', 'a reduction takes effect on the 1st of a month (R30)');
  if (!contractActiveOn(state, command.effectiveFrom))
    refuse('CONTRACT_NOT_ACTIVE', 'R34', 'The contract is not in force then');
  assertReceiving(state, command.toContractId, command.effectiveFrom, facts.receiving);
  // R30: a reduction shrinks a list that goes on; moving more than it has would empty it, and
  // emptying a list is a cancellation (R34b), so the order is refused rather than capped.
  if (command.count > facts.members.length)
    refuse(
      'REDUCTION_EXCEEDS_LIST',
      'R30',
      `The list has ${facts.members.length} patients who can be drawn on ${command.effectiveFrom}, fewer than ${command.count}`,
      { listSize: facts.members.length, count: command.count },
    );
  const drawn = drawReduction(
    facts.members,
    command.count,
    command.seed,
    command.effectiveFrom,
    facts.overshoot,
  );
  const data = {
    contractId: state.contractId,
    reductionId: command.reductionId,
    count: command.count,
    toContractId: command.toContractId,
    effectiveFrom: command.effectiveFrom,
    seed: command.seed,
    drawnPersonIds: drawn,
  };
  return [{ type: 'ListReductionOrdered', data }];
}
