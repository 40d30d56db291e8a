/**
 * The single writer's queue (DESIGN §3.3): one piece of work holds the turn at a time, in arrival
 * order. Long work (the daily job, a reduction or cancellation moving many people) gives the turn up
 * between slices with `yieldTurn`: the work queued meanwhile runs, then the long work queues again
 * behind it and carries on against the state that work left.
 */
export class WriterTurns {
  private readonly waiting: (() => void)[] = [];
  private busy = false;
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `work` once it holds the turn; `yieldTurn` lets queued work go first and waits for the turn again. */
  run<T>(work: (yieldTurn: () => Promise<void>) => Promise<T>): Promise<T> {
    const yieldTurn = async (): Promise<void> => {
      // Let pending I/O in first: a request that arrived meanwhile queues its command now (appends to
      // the embedded store may complete without ever leaving the microtask queue).
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.waiting.length === 0) return; // nobody waiting: keep the turn
      this.release();
      await this.acquire();
    };
    const run = (async () => {
      await this.acquire();
      try {
        return await work(yieldTurn);
      } finally {
        this.release();
      }
    })();
    this.running.add(run);
    void run.then(
      () => this.running.delete(run),
      () => this.running.delete(run),
    );
    return run;
  }

  /** Settles once no work is queued or running (work queued meanwhile included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the turn to the next in line, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }
}
