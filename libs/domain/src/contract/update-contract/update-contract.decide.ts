import type { ContractDetails, ContractDetailsUpdated } from '../../events';
import { refuse } from '../../shared/refusals';
import { assertExists, invalid } from '../contract.guards';
import { type ContractState, contractDetailsOn } from '../contract.state';
import type { UpdateContract, UpdateContractFacts } from './update-contract.command';

const FIELDS = [
  'officeOrgNo',
  'officeName',
  'officeAddress',
  'coopMunicipalities',
  'accessibleToMobilityImpaired',
  'fixedSalary',
  'outOfOfficeLocations',
] as const satisfies readonly (keyof ContractDetails)[];

/**
 * §2.4 (FLR ContractUpdated): records the fields that differ from the details in force on `validFrom`.
 * The change must fall within the contract's validity (R34); co-operating municipalities hold no
 * duplicate and never the main municipality (§2.4); an update that changes nothing is refused, so the
 * feed never announces a non-change. (§1.8's in-force check of the numbers needs the log: the handler.)
 */
export function updateContract(
  command: UpdateContract,
  state: ContractState,
  facts: UpdateContractFacts,
): ContractDetailsUpdated[] {
  assertExists(state);
  const given = FIELDS.filter((k) => command.changes[k] !== undefined);
  if (given.length === 0) invalid('validFrom', `give at least one of ${FIELDS.join(', ')}`);
  const { validFrom } = command;
  if (validFrom < state.validFrom)
    refuse(
      'UPDATE_BEFORE_CONTRACT_START',
      '§2.4',
      `The contract starts on ${state.validFrom}; an update cannot take effect on ${validFrom}`,
    );
  if (state.canceled && validFrom >= state.canceled.effectiveFrom)
    refuse('CONTRACT_NOT_ACTIVE', 'R34', `The contract ended on ${state.canceled.effectiveFrom}`);
  const changes: Partial<Record<keyof ContractDetails, unknown>> = { ...command.changes };
  const coop = command.changes.coopMunicipalities;
  if (coop) {
    const duplicate = coop.find((n, i) => coop.indexOf(n) !== i);
    if (duplicate) invalid('coopMunicipalities', `${duplicate} is given twice`);
    const main = [state.municipality, facts.mainMunicipalityOn].find((n) => coop.includes(n));
    if (main)
      refuse(
        'COOP_INCLUDES_MAIN_MUNICIPALITY',
        '§2.4',
        `${main} is the contract's own municipality, not a co-operating one`,
      );
    changes.coopMunicipalities = [...coop].sort();
  }
  const before = contractDetailsOn(state, validFrom);
  const changed = given.filter((k) => JSON.stringify(changes[k]) !== JSON.stringify(before[k]));
  if (changed.length === 0)
    refuse(
      'NOTHING_CHANGED',
      '§2.4',
      `The contract's ${given.join(', ')} on ${validFrom} already ${given.length > 1 ? 'are' : 'is'} as given`,
    );
  const data = {
    contractId: state.contractId,
    validFrom,
    changes: Object.fromEntries(changed.map((k) => [k, changes[k]])) as Partial<ContractDetails>,
    previous: Object.fromEntries(changed.map((k) => [k, before[k]])) as Partial<ContractDetails>,
  };
  return [{ type: 'ContractDetailsUpdated', data }];
}
