/**
 * R14: a list the daily job opens (≥ 10 free places) takes in a batch of new inhabitants and then
 * closes again. This counts, per list the job opened, the arrivals since that opening (each arrival by
 * its association id, so a pending arrival that is withdrawn again no longer counts).
 */
export class ListIntakes {
  private readonly byContract = new Map<string, Set<string>>();

  /** The daily job opened the list: a new batch starts. */
  opened(contractId: string): void {
    this.byContract.set(contractId, new Set());
  }

  /** Any other status change (closed, locked, opened by hand) ends the batch. */
  ended(contractId: string): void {
    this.byContract.delete(contractId);
  }

  arrived(contractId: string, associationId: string): void {
    this.byContract.get(contractId)?.add(associationId);
  }

  withdrawn(contractId: string, associationId: string): void {
    this.byContract.get(contractId)?.delete(associationId);
  }

  /** The running batches (list, arrivals' association ids), for the writer view's snapshot. */
  *snapshotEntries(): Generator<[contractId: string, associationIds: string[]]> {
    for (const [contractId, arrivals] of this.byContract) yield [contractId, [...arrivals]];
  }

  restoreEntry(contractId: string, associationIds: string[]): void {
    this.byContract.set(contractId, new Set(associationIds));
  }

  /** Arrivals since the daily job opened the list; null when no batch is running. */
  arrivals(contractId: string): number | null {
    return this.byContract.get(contractId)?.size ?? null;
  }
}
