import { InvalidInput } from '../errors';
import { refuse } from '../shared/refusals';
import { deciderSpec } from './decider-spec';

// A small decider of its own, so the specification vocabulary is tested apart from the register's.
type Event =
  | { readonly type: 'Deposited'; readonly data: { readonly amount: number } }
  | { readonly type: 'Withdrawn'; readonly data: { readonly amount: number } };
type Command = { readonly type: 'Withdraw'; readonly amount: number };
interface Facts {
  readonly overdraft: number;
}

const account = {
  initialState: { balance: 0 },
  evolve: (state: { balance: number }, event: Event) => ({
    balance: state.balance + (event.type === 'Deposited' ? event.data.amount : -event.data.amount),
  }),
  decide: (command: Command, state: { balance: number }, facts: Facts): Event[] => {
    if (command.amount <= 0)
      throw new InvalidInput('INVALID_INPUT', [{ field: 'amount', message: 'positive' }]);
    if (state.balance + facts.overdraft < command.amount) refuse('INSUFFICIENT_FUNDS', 'A1', 'Not enough');
    return [{ type: 'Withdrawn', data: { amount: command.amount } }];
  },
};

const { given } = deciderSpec(account);
const deposited = (amount: number): Event => ({ type: 'Deposited', data: { amount } });
const withdraw = (amount: number, overdraft = 0) => ({
  command: { type: 'Withdraw' as const, amount },
  facts: { overdraft },
});

describe('decider specification (given events, when a command with its facts, then events or a refusal)', () => {
  it('folds the given events and matches the decided events by type and data subset', () => {
    given(deposited(10), deposited(5))
      .when(withdraw(12))
      .then([{ type: 'Withdrawn', data: { amount: 12 } }]);
  });

  it('passes the facts to decide (a command and its facts, or both at once)', () => {
    given(deposited(10))
      .when(withdraw(15, 5))
      .then([{ type: 'Withdrawn' }]);
    given(deposited(10))
      .when({ type: 'Withdraw', amount: 15 }, { overdraft: 5 })
      .then([{ type: 'Withdrawn' }]);
  });

  it('derives given events from the state folded so far', () => {
    const doubled = (state: { balance: number }) => [deposited(state.balance)];
    expect(given(deposited(4), doubled).state()).toEqual({ balance: 8 });
  });

  it('fails when the events differ in type, count or data', () => {
    expect(() =>
      given(deposited(10))
        .when(withdraw(3))
        .then([{ type: 'Deposited' }]),
    ).toThrow();
    expect(() => given(deposited(10)).when(withdraw(3)).then([])).toThrow();
    expect(() =>
      given(deposited(10))
        .when(withdraw(3))
        .then([{ type: 'Withdrawn', data: { amount: 4 } }]),
    ).toThrow();
  });

  it('fails an expected list of events when the command was refused, with the refusal', () => {
    expect(() =>
      given()
        .when(withdraw(3))
        .then([{ type: 'Withdrawn' }]),
    ).toThrow('Not enough');
  });

  it('thenRefuses checks the code and the rule that refused', () => {
    given(deposited(1)).when(withdraw(3)).thenRefuses('INSUFFICIENT_FUNDS', 'A1');
    expect(() => given(deposited(1)).when(withdraw(3)).thenRefuses('INSUFFICIENT_FUNDS', 'A2')).toThrow(
      'refused by A1',
    );
    expect(() => given(deposited(1)).when(withdraw(3)).thenRefuses('INSUFFICIENT_FUNDS')).toThrow(
      'name the rule',
    );
    expect(() => given(deposited(1)).when(withdraw(3)).thenRefuses('OTHER', 'A1')).toThrow('Not enough');
  });

  it('thenRefuses fails when the command is accepted', () => {
    expect(() => given(deposited(5)).when(withdraw(3)).thenRefuses('INSUFFICIENT_FUNDS', 'A1')).toThrow(
      'expected refusal INSUFFICIENT_FUNDS, got Withdrawn',
    );
  });

  it('an invalid input has a code and no rule', () => {
    given().when(withdraw(0)).thenRefuses('INVALID_INPUT');
    expect(() => given().when(withdraw(0)).thenRefuses('INVALID_INPUT', 'A1')).toThrow('not a rule refusal');
  });

  it('thenNothing, thenEvents and thenState', () => {
    const noop = { ...account, decide: () => [] as Event[] };
    deciderSpec(noop).given(deposited(1)).when(withdraw(1)).thenNothing();
    expect(() => given(deposited(5)).when(withdraw(1)).thenNothing()).toThrow(
      'expected no events, got Withdrawn',
    );
    expect(given(deposited(5)).when(withdraw(1)).thenEvents()).toHaveLength(1);
    expect(given(deposited(5)).when(withdraw(2)).thenState()).toEqual({ balance: 3 });
  });
});
