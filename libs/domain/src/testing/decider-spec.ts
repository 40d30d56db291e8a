import { RuleRefusal } from '../errors';

/**
 * A pure decider (STYLE §1): the state folded from a stream's events, and the decision a command
 * takes on that state given the facts gathered from outside the stream, as plain data.
 */
export interface Decider<Command, State, Event, Facts> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, facts: Facts): readonly Event[];
}

/** One command under test with the facts it is decided on (built by vocabulary such as `on(date, …)`). */
export interface Case<Command, Facts> {
  readonly command: Command;
  readonly facts: Facts;
}

/**
 * A given fact: an event, several events, or events derived from the state folded so far (for facts
 * such as "changed to L-B", whose events must name the link they end).
 */
export type GivenFact<State, Event> = Event | readonly Event[] | ((state: State) => readonly Event[]);

/** An expected event: its type and, optionally, a subset of its data (matched like `toMatchObject`). */
export type ExpectedEvent<Event> = Event extends { readonly type: infer T; readonly data: infer D }
  ? { readonly type: T; readonly data?: Partial<D> }
  : never;

/**
 * Given/when/then over a decider alone, in the shape of Emmett's DeciderSpecification with our
 * vocabulary (STYLE §5): synchronous, no store, no processor.
 *
 *   const { given } = deciderSpec(personDecider);
 *   given(listed(P, 'L-A'), changed(P, 'L-B', '2024-02'))
 *     .when(on('2024-09-01', changeGp('L-C')))
 *     .thenRefuses('YEARLY_LIMIT_REACHED', 'R15');
 */
export function deciderSpec<Command, State, Event, Facts>(decider: Decider<Command, State, Event, Facts>) {
  return {
    given: (...facts: GivenFact<State, Event>[]) => new Given(decider, facts),
  };
}

export class Given<Command, State, Event, Facts> {
  constructor(
    private readonly decider: Decider<Command, State, Event, Facts>,
    private readonly facts: readonly GivenFact<State, Event>[],
  ) {}

  /** The state the given events fold to (also what the command is decided on). */
  state(): State {
    let state = this.decider.initialState;
    for (const fact of this.facts) {
      const events = typeof fact === 'function' ? (fact as (s: State) => readonly Event[])(state) : fact;
      for (const event of Array.isArray(events) ? (events as readonly Event[]) : [events as Event]) {
        state = this.decider.evolve(state, event);
      }
    }
    return state;
  }

  /** Decides `command` on the given state with `facts`; `when(on(date, command))` passes both at once. */
  when(command: Case<Command, Facts>): Then<State, Event>;
  when(command: Command, facts: Facts): Then<State, Event>;
  when(...args: [Case<Command, Facts>] | [Command, Facts]): Then<State, Event> {
    const c = args.length === 1 ? args[0] : { command: args[0], facts: args[1] };
    const state = this.state();
    try {
      const events = this.decider.decide(c.command, state, c.facts);
      return new Then({ events, state, evolve: this.decider.evolve });
    } catch (error) {
      return new Then({ error, state, evolve: this.decider.evolve });
    }
  }
}

interface Outcome<State, Event> {
  readonly events?: readonly Event[];
  readonly error?: unknown;
  readonly state: State;
  readonly evolve: (state: State, event: Event) => State;
}

function describeEvents(events: readonly unknown[]): string {
  return events.map((e) => (e as { type?: string }).type ?? '?').join(', ') || 'no events';
}

export class Then<State, Event> {
  constructor(private readonly outcome: Outcome<State, Event>) {}

  private decided(): readonly Event[] {
    if (this.outcome.error !== undefined) throw this.outcome.error;
    return this.outcome.events ?? [];
  }

  /**
   * The decided events, in order, have exactly the expected types, and each carries the expected
   * subset of data. Named `then` for the given/when/then reading; a Then is not a promise.
   */
  // biome-ignore lint/suspicious/noThenProperty: the specification vocabulary asks for `.then(events)`.
  then(expected: readonly ExpectedEvent<Event>[]): readonly Event[] {
    const events = this.decided();
    expect(events.map((e) => (e as { type: string }).type)).toEqual(expected.map((e) => e.type));
    expected.forEach((e, i) => {
      if (e.data) expect((events[i] as { data: unknown }).data).toMatchObject(e.data);
    });
    return events;
  }

  /** The command is accepted and changes nothing (no events). */
  thenNothing(): void {
    const events = this.decided();
    if (events.length > 0) throw new Error(`expected no events, got ${describeEvents(events)}`);
  }

  /** The decided events, for assertions that are not a plain list. */
  thenEvents(): readonly Event[] {
    return this.decided();
  }

  /** The state after the decided events are folded in (the evolve half of the decider). */
  thenState(): State {
    return this.decided().reduce(this.outcome.evolve, this.outcome.state);
  }

  /**
   * The command is refused with `code`: a rule refusal must name the DOMAIN.md rule that refused
   * (the right code from the wrong rule is a wrong answer); an invalid input or unknown resource
   * has a code and no rule.
   */
  thenRefuses(code: string, rule?: string): void {
    const { error } = this.outcome;
    if (error === undefined) {
      throw new Error(`expected refusal ${code}, got ${describeEvents(this.outcome.events ?? [])}`);
    }
    const actual = (error as { code?: unknown }).code;
    if (actual !== code) throw error instanceof Error ? error : new Error(String(error));
    if (error instanceof RuleRefusal) {
      if (rule === undefined) {
        throw new Error(
          `${code} is a rule refusal (${error.rule}): name the rule, thenRefuses('${code}', rule)`,
        );
      }
      if (error.rule !== rule)
        throw new Error(`expected ${code} by rule ${rule}, it was refused by ${error.rule}`);
    } else if (rule !== undefined) {
      throw new Error(`${code} is not a rule refusal, so no rule (${rule}) refused it`);
    }
  }

  /** The refusal's message (what the administrator reads), after checking its code and rule. */
  thenRefusesSaying(code: string, rule: string, message: RegExp): void {
    this.thenRefuses(code, rule);
    expect((this.outcome.error as RuleRefusal).message).toMatch(message);
  }

  /** The refusal's details (e.g. `waitingListAvailable` on NO_CAPACITY), after checking its code and rule. */
  thenRefusesWith(code: string, rule: string, details: Record<string, unknown>): void {
    this.thenRefuses(code, rule);
    expect((this.outcome.error as RuleRefusal).details).toMatchObject(details);
  }
}
