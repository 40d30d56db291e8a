/** One event as the writer sees it: its own append or a record read back from the log. */
export interface ViewEvent {
  readonly stream: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
  readonly revision: bigint;
  readonly position: bigint | null;
}
