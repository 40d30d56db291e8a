import { DEFAULT_REGISTER_RULES, type GpCommand, type GpEvent, gpDecider, RuleRefusal } from '@flr/domain';
import { given, InMemoryEventStore, on } from '@flr/testing';
import { CommandProcessor } from '../command-processor';

const register = (hpr: number, name = `Dr ${hpr}`): GpCommand => ({
  type: 'RegisterGp',
  hpr,
  name,
  birthDate: '1970-01-01',
  sex: 'female',
  specialistInGeneralPractice: true,
});

/** Folds the events with the decider's own evolve, as any consumer of the decider would. */
const fold = (events: readonly GpEvent[]) => events.reduce(gpDecider.evolve, gpDecider.initialState);

function refusalOf(decide: () => unknown): RuleRefusal {
  try {
    decide();
  } catch (error) {
    if (error instanceof RuleRefusal) return error;
    throw error;
  }
  throw new Error('expected a rule refusal, the command was accepted');
}

describe('registering a GP (R46) with the pure decider', () => {
  it('registers a new HPR number with every field', () => {
    expect(gpDecider.decide(register(1001), gpDecider.initialState)).toEqual([
      {
        type: 'GpRegistered',
        data: {
          hpr: 1001,
          name: 'Dr 1001',
          birthDate: '1970-01-01',
          sex: 'female',
          specialistInGeneralPractice: true,
        },
      },
    ]);
  });

  it('evolve records the registration: the state after GpRegistered is registered, with its HPR', () => {
    const events = gpDecider.decide(register(1001), gpDecider.initialState);
    expect(gpDecider.initialState).toMatchObject({ registered: false, hpr: 0, updates: [] });
    expect(fold(events)).toMatchObject({
      registered: true,
      hpr: 1001,
      registeredDetails: { name: 'Dr 1001', herId: null },
      updates: [],
    });
  });

  it('refuses the same HPR number twice, citing R46', () => {
    const state = fold(gpDecider.decide(register(1001), gpDecider.initialState));
    const refusal = refusalOf(() => gpDecider.decide(register(1001, 'Another name'), state));
    expect({ code: refusal.code, rule: refusal.rule }).toEqual({ code: 'ALREADY_REGISTERED', rule: 'R46' });
  });
});

describe('registering a GP twice through the command processor (R46)', () => {
  const gp = (hpr: number) => on('2020-01-01', { type: 'RegisterGp' as const, hpr, name: `Dr ${hpr}` });

  it('refuses the second registration of an HPR number and writes nothing; another number is accepted', async () => {
    await given(gp(1001))
      .when(on('2020-02-01', { type: 'RegisterGp', hpr: 1001, name: 'Dr 1001 again' }))
      .thenRefuses('ALREADY_REGISTERED', 'R46');
    await given(gp(1001))
      .when(on('2020-02-01', { type: 'RegisterGp', hpr: 1002, name: 'Dr 1002' }))
      .then([{ type: 'GpRegistered', data: { hpr: 1002, name: 'Dr 1002' } }]);
  });

  it('still refuses it after a restart: the writer learns the GP from the log', async () => {
    const store = new InMemoryEventStore();
    const meta = { actor: 'spec', registeredAt: '2020-01-01T12:00:00+01:00' };
    const first = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await first.start();
    await first.execute({ type: 'RegisterGp', hpr: 1001, name: 'Dr 1001' }, meta);
    const head = await store.headPosition();
    const restarted = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
    await restarted.start();
    await expect(
      restarted.execute({ type: 'RegisterGp', hpr: 1001, name: 'Dr 1001' }, meta),
    ).rejects.toMatchObject({ code: 'ALREADY_REGISTERED', rule: 'R46' });
    expect(await store.headPosition()).toBe(head);
  });
});
