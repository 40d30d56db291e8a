import { RuleRefusal } from '@flr/domain';
import type { CommandOutcome, OutcomeEvent } from './commands';
import type { ViewEvent } from './view-event';

interface Recorded {
  /** Fingerprint of the command and body the id was first used with (absent in older logs). */
  fingerprint?: string;
  /** The record time of the command's first event: a resumed run keeps it. */
  registeredAt?: string;
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
  private readonly refusals = new Map<string, { error: unknown; fingerprint: string }>();

  record(event: ViewEvent): void {
    const commandId = event.metadata.commandId;
    if (typeof commandId !== 'string') return;
    let r = this.byCommand.get(commandId);
    if (!r) this.byCommand.set(commandId, (r = { events: [], position: 0n }));
    const fingerprint = event.metadata.commandFingerprint;
    if (r.fingerprint === undefined && typeof fingerprint === 'string') r.fingerprint = fingerprint;
    if (r.registeredAt === undefined && typeof event.metadata.registeredAt === 'string')
      r.registeredAt = event.metadata.registeredAt;
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

  /** When the command was first recorded (its first event's registeredAt), if it wrote anything. */
  registeredAtOf(commandId: string): string | undefined {
    return this.byCommand.get(commandId)?.registeredAt;
  }

  refused(commandId: string, error: unknown, fingerprint: string): void {
    this.refusals.set(commandId, { error, fingerprint });
  }

  /**
   * The first outcome, or the first refusal (thrown), or undefined for a new command id. The same id
   * with another command or body is refused: answering it with the first command's outcome would
   * tell the caller that a command was carried out when it never was.
   */
  lookup(commandId: string, fingerprint: string): CommandOutcome | undefined {
    const refusal = this.refusals.get(commandId);
    if (refusal) {
      if (refusal.fingerprint !== fingerprint) throw keyReused(commandId);
      throw refusal.error;
    }
    const r = this.byCommand.get(commandId);
    if (!r) return undefined;
    if (r.fingerprint !== undefined && r.fingerprint !== fingerprint) throw keyReused(commandId);
    const { position, fingerprint: _first, registeredAt: _at, ...rest } = r;
    return { ...rest, position: position.toString() };
  }

  /** Outcomes of every command id in the log, for the writer view's snapshot (refusals are not kept). */
  *snapshotEntries(): Generator<[commandId: string, outcome: Record<string, unknown>]> {
    for (const [commandId, recorded] of this.byCommand) {
      yield [commandId, { ...recorded, position: recorded.position.toString() }];
    }
  }

  restoreEntry(commandId: string, outcome: Record<string, unknown>): void {
    const recorded = outcome as unknown as Recorded;
    this.byCommand.set(commandId, { ...recorded, position: BigInt(outcome.position as string) });
  }
}

function keyReused(commandId: string): RuleRefusal {
  return new RuleRefusal(
    'IDEMPOTENCY_KEY_REUSED',
    'API-IDEMPOTENCY',
    `commandId ${commandId} was already used for a different command or body; use a new commandId`,
  );
}
