import {
  type CommandMeta,
  CommandProcessor,
  type CommandOutcome,
  type RegisterCommand,
} from '@flr/application';
import {
  DEFAULT_REGISTER_RULES,
  type Instant,
  makeNin,
  type RegisterEvent,
  type RegisterRules,
  RuleRefusal,
  streams,
} from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import { InMemoryEventStore } from './in-memory-event-store';

/**
 * Given/when/then specifications for the write side (STYLE §5), run through the real single-writer
 * command processor over an in-memory store:
 *
 *   await given(on('2024-01-10', createContract(...)), ...).when(on('2024-03-15', changeGp(...))).then([...])
 *   await given(...).when(...).thenRefuses('NO_CAPACITY', 'R19')   // code and the rule that refused
 *
 * A fact is an event (appended to its stream) or a command (decided like any other); facts and the
 * command under test carry their registration time, from which effective dates follow (R17).
 */
export type Fact = RegisterEvent | TimedCommand;

export interface TimedCommand {
  readonly command: RegisterCommand;
  readonly registeredAt: Instant;
  readonly commandId?: string;
}

export interface ExpectedEvent {
  readonly type: string;
  readonly data?: Record<string, unknown>;
}

/** A command registered at noon (Oslo, winter offset) on a business date, or at an exact instant. */
export function on(dateOrInstant: string, command: RegisterCommand, commandId?: string): TimedCommand {
  const registeredAt = dateOrInstant.length === 10 ? `${dateOrInstant}T12:00:00+01:00` : dateOrInstant;
  return { command, registeredAt, commandId };
}

/** A valid test fødselsnummer for a birth date (the n-th issuable individnummer of that year). */
export function nin(birthDate: string, n = 0, kind: 'FNR' | 'DNR' | 'HNR' = 'FNR'): string {
  const year = Number(birthDate.slice(0, 4));
  const start = year >= 2000 ? 500 : year >= 1900 ? 0 : 500;
  let found = -1;
  for (let individual = start; individual < start + 500; individual++) {
    const value = makeNin(birthDate, individual, { kind });
    if (value && ++found === n) return value;
  }
  throw new RangeError(`no ${n}th nin for ${birthDate}`);
}

function streamOf(e: RegisterEvent): string {
  const d = e.data as Record<string, unknown>;
  if (typeof d.personId === 'string' && e.type !== 'ListReductionOrdered') return streams.person(d.personId);
  if (typeof d.contractId === 'string') return streams.contract(d.contractId);
  if (e.type === 'GpRegistered') return streams.gp(e.data.hpr);
  if (e.type === 'MunicipalityRenumbered') return streams.municipality(e.data.oldNumber);
  if (e.type === 'MunicipalityAutoAssignToggled') return streams.municipality(e.data.number);
  return streams.dailyJob;
}

export class Specification {
  private rules: RegisterRules = DEFAULT_REGISTER_RULES;
  readonly store = new InMemoryEventStore();

  constructor(private readonly facts: readonly Fact[]) {}

  withRules(overrides: Partial<RegisterRules>): this {
    this.rules = { ...this.rules, ...overrides };
    return this;
  }

  when(command: TimedCommand): Outcome {
    return new Outcome(this.run(command));
  }

  private async run(command: TimedCommand): Promise<Result> {
    const processor = new CommandProcessor({ store: this.store, rules: this.rules });
    await processor.start();
    for (const fact of this.facts) {
      if ('command' in fact) await processor.execute(fact.command, metaOf(fact));
      else {
        await this.store.appendToStream(streamOf(fact), [
          {
            id: crypto.randomUUID(),
            type: fact.type,
            data: fact.data,
            metadata: { registeredAt: '2001-01-01T00:00:00Z' },
          },
        ]);
        await processor.refresh();
      }
    }
    const head = await this.store.headPosition();
    try {
      const outcome = await processor.execute(command.command, metaOf(command));
      const events: RecordedEvent[] = [];
      for await (const e of this.store.readAll()) if (e.position > head) events.push(e);
      return { outcome, events, processor };
    } catch (error) {
      return { error, processor, wrote: (await this.store.headPosition()) !== head };
    }
  }
}

interface Result {
  readonly outcome?: CommandOutcome;
  readonly events?: RecordedEvent[];
  readonly error?: unknown;
  readonly wrote?: boolean;
  readonly processor: CommandProcessor;
}

function metaOf(c: TimedCommand): CommandMeta {
  return { actor: 'spec', registeredAt: c.registeredAt, commandId: c.commandId };
}

export class Outcome {
  constructor(private readonly result: Promise<Result>) {}

  /**
   * The new events, in order, match `expected` (type, and a subset of each event's data). Named `then`
   * for the given/when/then reading (STYLE §5); never `await` an Outcome itself, await `.then([...])`.
   */
  // biome-ignore lint/suspicious/noThenProperty: the specification vocabulary asks for `.then(events)`.
  async then(expected: readonly ExpectedEvent[]): Promise<RecordedEvent[]> {
    const r = await this.result;
    if (r.error) throw r.error;
    const events = r.events ?? [];
    expect(events.map((e) => e.type)).toEqual(expected.map((e) => e.type));
    expected.forEach((e, i) => {
      if (e.data) expect(events[i].data).toMatchObject(e.data);
    });
    return events;
  }

  /** Access to every new event and the processor (for assertions that are not a plain list). */
  async thenEvents(): Promise<{
    events: RecordedEvent[];
    outcome: CommandOutcome;
    processor: CommandProcessor;
  }> {
    const r = await this.result;
    if (r.error) throw r.error;
    return { events: r.events ?? [], outcome: r.outcome!, processor: r.processor };
  }

  /** The command was refused with this rule code (409) or error code (400/404), and nothing was written. */
  /**
   * The command is refused with `code`, nothing is written, and — for a rule refusal — by `rule`
   * (the rule id of DOMAIN.md): a refusal for the right code by the wrong rule is a wrong answer.
   */
  async thenRefuses(code: string, rule?: string): Promise<void> {
    const r = await this.result;
    if (!r.error)
      throw new Error(`expected refusal ${code}, got events ${r.events?.map((e) => e.type).join(', ')}`);
    const actual = (r.error as { code?: string }).code;
    if (actual !== code) throw r.error instanceof Error ? r.error : new Error(String(r.error));
    expect(actual).toBe(code);
    expect(r.wrote).toBe(false);
    if (r.error instanceof RuleRefusal) {
      if (rule === undefined)
        throw new Error(
          `${code} is a rule refusal (${r.error.rule}): name the rule, thenRefuses('${code}', rule)`,
        );
      expect(r.error.rule).toBe(rule);
    } else if (rule !== undefined) {
      throw new Error(`${code} is not a rule refusal, so no rule (${rule}) refused it`);
    }
  }
}

export function given(...facts: Fact[]): Specification {
  return new Specification(facts);
}
