/**
 * The latest record time (`registeredAt`, epoch ms) of each small stream (contracts, GPs, municipalities),
 * for the backdating rule (API.md: `registeredAt` may not precede facts already recorded on a stream the
 * command touches). Two figures per stream:
 * - `byCaller`: facts a caller asked for. The daily job's status recomputations (R14) are left out: the
 *   job stamps them with the end of its as-of date, a time no caller can know, and a re-run recomputes
 *   them anyway, so they never make a caller's command backdated.
 * - `any`: every fact, the job's too. A daily job for an earlier date leaves a stream alone when anything
 *   was recorded on it after the job's own record time ("never undoes earlier work").
 * Persons' record times live with their cached state (`PersonCache`), not here.
 */
export class StreamRecordTimes {
  private readonly byStream = new Map<string, { byCaller: number; any: number }>();

  recorded(stream: string, at: number, byJob: boolean): void {
    const times = this.byStream.get(stream) ?? { byCaller: 0, any: 0 };
    if (!byJob && at > times.byCaller) times.byCaller = at;
    if (at > times.any) times.any = at;
    this.byStream.set(stream, times);
  }

  /** The latest record time of a caller's fact on the stream (0: none). */
  byCaller(stream: string): number {
    return this.byStream.get(stream)?.byCaller ?? 0;
  }

  /** The latest record time of any fact on the stream (0: none). */
  any(stream: string): number {
    return this.byStream.get(stream)?.any ?? 0;
  }

  *snapshotEntries(): Generator<[string, [number, number]]> {
    for (const [stream, times] of this.byStream) yield [stream, [times.byCaller, times.any]];
  }

  restoreEntry(stream: string, [byCaller, any]: [number, number]): void {
    this.byStream.set(stream, { byCaller, any });
  }
}

/** A `registeredAt` from event metadata as epoch ms (0 when absent or unreadable: "always known"). */
export function recordTimeOf(metadata: Record<string, unknown> | undefined): number {
  const at = metadata?.registeredAt;
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
}
