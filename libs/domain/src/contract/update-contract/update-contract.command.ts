import type { BusinessDate, ContractDetails } from '../../events';

/**
 * The contract's office (org number, name, address), co-operating municipalities, accessibility, fixed
 * salary or utekontor change from `validFrom` (§2.4; FLR UpdateGPContract). Fields left out stay as they
 * are; at least one is given. Lists (co-operating municipalities, utekontor) are replaced whole.
 */
export interface UpdateContract {
  readonly type: 'UpdateContract';
  readonly validFrom: BusinessDate;
  readonly changes: Partial<ContractDetails>;
}

/** Facts from outside the contract stream, as plain data. */
export interface UpdateContractFacts {
  /** The contract's municipality as numbered on `validFrom` (§1.8: a renumbering is the same municipality). */
  readonly mainMunicipalityOn: string;
}
