import type { CommandOutcome, OutcomeEvent } from './commands';
import type { ViewEvent } from './writer-view';

interface Recorded {
  events: OutcomeEvent[];
  position: bigint;
  effectiveFrom?: string;
  contractId?: string;
  periodId?: string;
  reductionId?: string;
}

/**
 * Idempotency (API.md): the first outcome of every `commandId`, rebuilt from `metadata.commandId` in
 * the log; refusals are remembered in memory for the life of the process.
 */
export class OutcomeLog {
  private readonly byCommand = new Map<string, Recorded>();
  private readonly refusals = new Map<string, unknown>();

  record(event: ViewEvent): void {
    const commandId = event.metadata.commandId;
    if (typeof commandId !== 'string') return;
    let r = this.byCommand.get(commandId);
    if (!r) this.byCommand.set(commandId, (r = { events: [], position: 0n }));
    r.events.push({ type: event.type, stream: event.stream, revision: Number(event.revision) });
    if (event.position !== null && event.position > r.position) r.position = event.position;
    const data = event.data as Record<string, unknown>;
    if (event.type === 'PatientListed' && !r.effectiveFrom) r.effectiveFrom = data.from as string;
    if (event.type === 'ContractCreated') r.contractId = data.contractId as string;
    if (event.type === 'DoctorPeriodStarted') r.periodId = data.periodId as string;
    if (event.type === 'ListReductionOrdered') r.reductionId = data.reductionId as string;
  }

  /** Positions of appends are set once the append returns. */
  settle(commandId: string, position: bigint): void {
    const r = this.byCommand.get(commandId);
    if (r && position > r.position) r.position = position;
  }

  refused(commandId: string, error: unknown): void {
    this.refusals.set(commandId, error);
  }

  /** The first outcome, or the first refusal (thrown), or undefined for a new command id. */
  lookup(commandId: string): CommandOutcome | undefined {
    const refusal = this.refusals.get(commandId);
    if (refusal) throw refusal;
    const r = this.byCommand.get(commandId);
    if (!r) return undefined;
    const { position, ...rest } = r;
    return { ...rest, position: position.toString() };
  }
}
