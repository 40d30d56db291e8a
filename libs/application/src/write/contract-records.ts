import type { BusinessDate, ContractState } from '@flr/domain';

interface Recorded {
  /** Europe/Oslo date of `registeredAt`; '' for facts without one (always known). */
  readonly recordedOn: BusinessDate | '';
  readonly state: ContractState;
  /** A status change the daily job made (R14), not a caller's fact. */
  readonly byJob: boolean;
}

/** What the daily job for `date` may see of a contract (API.md: facts registered up to the end of that day). */
export interface ContractAsKnown {
  readonly state: ContractState;
  /**
   * A caller recorded something on the contract after `date` (a new ceiling, a manual status, a
   * cancellation): a later decision the job of an earlier day leaves alone (no status change).
   */
  readonly changedLater: boolean;
}

/**
 * Each contract's states in the order they were recorded. Contracts are few (about 5,600 nationally)
 * and change rarely, so keeping every state costs little and answers "as known at the end of day D".
 */
export class ContractRecords {
  private readonly byContract = new Map<string, Recorded[]>();

  add(contractId: string, state: ContractState, recordedOn: BusinessDate | '', byJob: boolean): void {
    const list = this.byContract.get(contractId) ?? [];
    list.push({ recordedOn, state, byJob });
    this.byContract.set(contractId, list);
  }

  /** Every contract's recorded states, for the writer view's snapshot. */
  *snapshotEntries(): Generator<[contractId: string, records: Recorded[]]> {
    yield* this.byContract;
  }

  restoreEntry(contractId: string, records: Recorded[]): void {
    this.byContract.set(contractId, records);
  }

  /**
   * The contract as the daily job for `date` sees it: the last state recorded by the end of `date`,
   * plus the job's own later status changes when nothing else came later (so a re-run for the same
   * date sees its first run's work); undefined when the contract was not yet registered then.
   */
  asKnownAt(contractId: string, date: BusinessDate): ContractAsKnown | undefined {
    const list = this.byContract.get(contractId) ?? [];
    let known = -1;
    for (let i = 0; i < list.length && list[i].recordedOn <= date; i++) known = i;
    if (known < 0) return undefined;
    const later = list.slice(known + 1);
    const changedLater = later.some((r) => !r.byJob);
    const state = changedLater || later.length === 0 ? list[known].state : list[list.length - 1].state;
    return { state, changedLater };
  }
}
