import type { BusinessDate } from '@flr/domain';

interface LinkSpan {
  readonly personId: string;
  readonly from: BusinessDate;
  to: BusinessDate | null;
}

/**
 * Occupancy of every list by date (§4.4): links that took or will take effect, so a count on the
 * effective date includes pending arrivals and leaves out pending departures.
 */
export class ContractLinks {
  private readonly byContract = new Map<string, Map<string, LinkSpan>>();

  listed(contractId: string, associationId: string, personId: string, from: BusinessDate): void {
    let links = this.byContract.get(contractId);
    if (!links) this.byContract.set(contractId, (links = new Map()));
    links.set(associationId, { personId, from, to: null });
  }

  unlisted(contractId: string, associationId: string, to: BusinessDate): void {
    const link = this.byContract.get(contractId)?.get(associationId);
    if (link) link.to = to;
  }

  /** A correction took the link's end back (issue 11): it runs to `to` again (null = open). */
  reopened(contractId: string, associationId: string, to: BusinessDate | null): void {
    const link = this.byContract.get(contractId)?.get(associationId);
    if (link) link.to = to;
  }

  withdrawn(contractId: string, associationId: string): void {
    this.byContract.get(contractId)?.delete(associationId);
  }

  /** People on the list on `date` (half-open periods). */
  countOn(contractId: string, date: BusinessDate): number {
    let n = 0;
    for (const l of this.byContract.get(contractId)?.values() ?? []) {
      if (l.from <= date && (l.to === null || date < l.to)) n++;
    }
    return n;
  }

  /** Person ids on the list on `date`, optionally only those not already leaving. */
  membersOn(
    contractId: string,
    date: BusinessDate,
    opts: { staying?: boolean; arriving?: boolean } = {},
  ): string[] {
    const out = new Set<string>();
    for (const l of this.byContract.get(contractId)?.values() ?? []) {
      const on = l.from <= date && (l.to === null || date < l.to);
      if (on && (!opts.staying || l.to === null)) out.add(l.personId);
      else if (opts.arriving && l.from > date) out.add(l.personId);
    }
    return [...out].sort();
  }

  /** Every link of every list, for the writer view's snapshot: `[associationId, personId, from, to]`. */
  *snapshotEntries(): Generator<[contractId: string, links: (string | null)[]]> {
    for (const [contractId, links] of this.byContract) {
      const flat: (string | null)[] = [];
      for (const [associationId, link] of links) flat.push(associationId, link.personId, link.from, link.to);
      yield [contractId, flat];
    }
  }

  /** Puts back one list's links from `snapshotEntries`. */
  restoreEntry(contractId: string, flat: readonly (string | null)[]): void {
    const links = new Map<string, LinkSpan>();
    for (let i = 0; i < flat.length; i += 4) {
      links.set(flat[i]!, { personId: flat[i + 1]!, from: flat[i + 2]!, to: flat[i + 3] ?? null });
    }
    this.byContract.set(contractId, links);
  }
}
