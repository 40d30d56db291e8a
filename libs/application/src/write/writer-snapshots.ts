import { rmSync } from 'node:fs';
import { loadWriterViewSnapshot, saveWriterViewSnapshot } from './writer-view-snapshot';
import type { WriterView, WriterViewOptions } from './writer-view';

export interface WriterSnapshotOptions {
  /** The snapshot file (in the data folder). */
  readonly path: string;
  /** Log positions folded in since the last snapshot before the next one is written (default 500,000). */
  readonly everyPositions?: number;
  /** At most one periodic snapshot in this many milliseconds (default 60,000). */
  readonly minIntervalMs?: number;
  /** Where to say what happened (loaded, ignored and why, written, failed); never NINs. */
  readonly log?: (message: string) => void;
}

/** When the single writer's view is written to and read from its snapshot (DESIGN §3.5). */
export class WriterSnapshots {
  private savedHead = -1n;
  private savedAt = 0;
  private readonly everyPositions: bigint;
  private readonly minIntervalMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: WriterSnapshotOptions) {
    this.everyPositions = BigInt(options.everyPositions ?? 500_000);
    this.minIntervalMs = options.minIntervalMs ?? 60_000;
    this.log = options.log ?? (() => undefined);
  }

  /** The view from the snapshot, or undefined (rebuild from the log) with the reason logged. */
  load(viewOptions: WriterViewOptions): WriterView | undefined {
    const started = performance.now();
    const loaded = loadWriterViewSnapshot(this.options.path, viewOptions);
    if (loaded.kind === 'ignored') {
      if (loaded.reason !== 'no snapshot') {
        this.log(`Writer view snapshot ignored, rebuilding from the log: ${loaded.reason}`);
        // Never read again: the next snapshot replaces it.
        rmSync(this.options.path, { force: true });
      }
      return undefined;
    }
    this.savedHead = loaded.head;
    this.savedAt = Date.now();
    const ms = Math.round(performance.now() - started);
    this.log(`Writer view restored from its snapshot at position ${loaded.head} in ${ms} ms`);
    return loaded.view;
  }

  /** Whether enough has happened since the last snapshot for a periodic one. */
  due(view: WriterView): boolean {
    return (
      view.head - this.savedHead >= this.everyPositions && Date.now() - this.savedAt >= this.minIntervalMs
    );
  }

  /** Writes a snapshot when the view moved since the last one; a failure is logged, never thrown. */
  save(view: WriterView): void {
    if (view.head === this.savedHead) return;
    const started = performance.now();
    try {
      saveWriterViewSnapshot(view, this.options.path);
      this.savedHead = view.head;
      this.savedAt = Date.now();
      const ms = Math.round(performance.now() - started);
      this.log(`Writer view snapshot written at position ${view.head} in ${ms} ms`);
    } catch (error) {
      this.log(`Writer view snapshot not written: ${(error as Error).message}`);
    }
  }
}
