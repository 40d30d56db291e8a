import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, PROJECTION_RUNTIME } from '@flr/application';
import { InvalidInput, isValidBusinessDate, UnknownResource } from '@flr/domain';
import type { ProjectionRuntime } from '@flr/projection-runtime';
import { parseStrictInstant } from '../infrastructure/validation';
import {
  type CapitationSettings,
  type ConfirmMode,
  DIRECTORY,
  LINK_INDEX,
  type LinkIndex,
  osloDate,
  PERSON_REGISTER,
  type PersonRegister,
  PUBLIC_EVENTS,
  parseCapitationSettings,
  type ReadModelReader,
  type Readers,
  WAITING_LISTS,
  type When,
} from '@flr/projections';

/** What every query needs: the active read models, the question's valid and record time, the settings. */
@Injectable()
export class ReadSide {
  readonly capitationSettings: CapitationSettings;
  /** ConfirmGP for a vikar is open (§9 q10): FLR_RULE_CONFIRM_GP_SUBSTITUTES=true counts LPVI too. */
  readonly confirmMode: ConfirmMode;
  private cached: Readers | undefined;
  private todayValue = '';
  private todayUntil = 0;

  constructor(
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.capitationSettings = parseCapitationSettings(config.ruleSettings);
    this.confirmMode = /^(1|true|yes)$/i.test(config.ruleSettings.FLR_RULE_CONFIRM_GP_SUBSTITUTES ?? '')
      ? 'include-substitutes'
      : 'fastlege-only';
  }

  /**
   * The runtime's readers follow version switches, so they are fetched once; the in-memory models
   * are looked up per question because a rebuild replaces the model object.
   */
  get readers(): Readers {
    if (!this.cached) {
      const runtime = this.runtime;
      this.cached = {
        directory: runtime.reader(DIRECTORY),
        waitingLists: runtime.reader(WAITING_LISTS),
        get linkIndex() {
          return runtime.memory<LinkIndex>(LINK_INDEX);
        },
        get personRegister() {
          return runtime.memory<PersonRegister>(PERSON_REGISTER);
        },
      };
    }
    return this.cached;
  }

  get linkIndex(): LinkIndex {
    return this.runtime.memory<LinkIndex>(LINK_INDEX);
  }

  get publicEvents(): ReadModelReader {
    return this.runtime.reader(PUBLIC_EVENTS);
  }

  /** Today in Europe/Oslo, recomputed at most once a second (it is on every query's path). */
  today(): string {
    const now = Date.now();
    if (now >= this.todayUntil) {
      this.todayValue = osloDate(now);
      this.todayUntil = now + 1000;
    }
    return this.todayValue;
  }

  /** Waits (bounded) until every read model has reached the log's head as of now. */
  async waitForHead(store: { headPosition(): Promise<bigint> }, timeoutMs: number): Promise<boolean> {
    const head = await store.headPosition();
    return head === 0n || this.runtime.waitFor(head, timeoutMs);
  }

  /** How far the public feed's read model has processed the log (0 before its first event). */
  feedMark(): bigint {
    return this.runtime.status().find((s) => s.name === PUBLIC_EVENTS && s.active)?.checkpoint ?? 0n;
  }

  /**
   * An idle feed's wait: resolves once the read models have gone past `mark` (a commit notifies the
   * runtime's waiters, nothing polls), after `timeoutMs`, or when `signal` aborts (the client left).
   */
  async waitForFeedGrowth(mark: bigint, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await this.runtime.waitFor(mark + 1n, timeoutMs, signal);
  }

  get projectionRuntime(): ProjectionRuntime {
    return this.runtime;
  }

  /** `at` (valid time, default today in Europe/Oslo) and `asOf` (record time, an instant). */
  when(at: string | undefined, asOf: string | undefined): When {
    const today = this.today();
    return { at: parseDate('at', at) ?? today, asOf: parseInstant('asOf', asOf), today };
  }
}

/**
 * A 404 answer (unknown person, no GP, ...) as the typed outcome the error filter maps. It is an
 * expected answer, not a fault, and nothing logs its stack, so none is captured: on the gp route a
 * third of the questions end here and the stack walk through the request chain was a visible cost.
 */
export function notFound(code: string, message: string): UnknownResource {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new UnknownResource(code, message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function parseDate(field: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!isValidBusinessDate(raw))
    throw new InvalidInput('INVALID_INPUT', [{ field, message: `${field} must be a date YYYY-MM-DD` }]);
  return raw;
}

/** A month `YYYY-MM` whose 1st is a real business date (year 0001 on, as for dates). */
export function isMonth(raw: string | undefined): raw is string {
  return raw !== undefined && /^\d{4}-\d{2}$/.test(raw) && isValidBusinessDate(`${raw}-01`);
}

export function parseInstant(field: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ms = parseStrictInstant(raw);
  if (ms === undefined)
    throw new InvalidInput('INVALID_INPUT', [
      { field, message: `${field} must be an ISO-8601 instant with offset` },
    ]);
  return ms;
}

export function parseIntParam(
  field: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new InvalidInput('INVALID_INPUT', [
      { field, message: `${field} must be an integer ${min}..${max}` },
    ]);
  return n;
}
