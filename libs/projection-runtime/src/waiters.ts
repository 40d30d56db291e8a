interface Waiter {
  readonly isMet: () => boolean;
  readonly resolve: (met: boolean) => void;
  readonly timer: NodeJS.Timeout;
  readonly signal?: AbortSignal;
  readonly abandon?: () => void;
}

/**
 * Pending waits on a condition of the runtime (a position reached, every projection live). The
 * runtime calls `notify` after each commit or switch, so nothing polls.
 */
export class Waiters {
  private readonly waiters = new Set<Waiter>();

  /**
   * Resolves true when `isMet()` holds (checked now and on each notify), false after `timeoutMs` or
   * once `signal` aborts (the waiter and its timer are gone at once: an idle follower that leaves costs
   * nothing afterwards).
   */
  wait(isMet: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (isMet()) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        isMet,
        resolve,
        timer: setTimeout(() => this.settle(waiter, false), Math.max(0, timeoutMs)),
        abandon: signal && (() => this.settle(waiter, false)),
        signal,
      };
      signal?.addEventListener('abort', waiter.abandon!, { once: true });
      this.waiters.add(waiter);
    });
  }

  notify(): void {
    for (const waiter of this.waiters) if (waiter.isMet()) this.settle(waiter, true);
  }

  get size(): number {
    return this.waiters.size;
  }

  /** Every pending wait answers false (the runtime is stopping). */
  cancelAll(): void {
    for (const waiter of this.waiters) this.settle(waiter, false);
  }

  private settle(waiter: Waiter, met: boolean): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (waiter.abandon) waiter.signal?.removeEventListener('abort', waiter.abandon);
    waiter.resolve(met);
  }
}
