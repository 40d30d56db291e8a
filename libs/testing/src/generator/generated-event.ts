import type { BusinessDate, EventMetadata, RegisterEvent, RegisterEventType } from '@flr/domain';
import type { CalibrationFigures } from './calibration';

/** One event to append: `stream`, a deterministic uuid `id` (idempotency key) and the catalogue event. */
export type GeneratedEvent = RegisterEvent & {
  readonly id: string;
  readonly stream: string;
  readonly metadata: EventMetadata;
};

export type DataOf<T extends RegisterEventType> = Extract<RegisterEvent, { type: T }>['data'];

export interface HistorySummary {
  seed: number | string;
  from: BusinessDate;
  to: BusinessDate;
  events: number;
  eventsByType: Record<string, number>;
  /** Persons ever registered (initial residents, births, immigrants). */
  persons: number;
  /** Residents alive and not emigrated at the end. */
  residentsAtEnd: number;
  /** Residents with a list (current or pending) at the end. */
  listedAtEnd: number;
  contracts: number;
  gps: number;
  /** Lists without an LPFL doctor at the end. */
  vacantListsAtEnd: number;
  /** Events whose business action was skipped because no eligible person or list was found. */
  skippedActions: number;
  /** List reductions ordered (R30/R31) and contracts ended with their patients moved (R34b). */
  reductions: number;
  contractEnds: number;
  /** CHOICE and WAITLIST links registered per calendar year. */
  voluntaryChangesByYear: Record<number, number>;
  /** The register's figures on the calibration dates inside the history (see calibration.ts). */
  calibration: CalibrationFigures[];
  /** True once the iteration ran to the end. */
  complete: boolean;
}

export function emptySummary(seed: number | string, from: BusinessDate, to: BusinessDate): HistorySummary {
  return {
    seed,
    from,
    to,
    events: 0,
    eventsByType: {},
    persons: 0,
    residentsAtEnd: 0,
    listedAtEnd: 0,
    contracts: 0,
    gps: 0,
    vacantListsAtEnd: 0,
    skippedActions: 0,
    reductions: 0,
    contractEnds: 0,
    voluntaryChangesByYear: {},
    calibration: [],
    complete: false,
  };
}
