import { given, nin, on } from '@flr/testing';
import { changeGp, contract, daily, filled, OSLO, P, person, pOnA, twoLists } from './fixtures';

/**
 * API.md: a command's `registeredAt` "may not precede facts already recorded on a stream the command
 * touches (409)" — every stream it appends to: the person, the list, the GP, the municipality, and the
 * persons a cancellation or reduction moves. The daily job is the register's own run as of a date: it is
 * never refused, and it leaves alone whatever has a fact recorded after its run (issue 9, defect 1).
 */

/** The last millisecond of a business date in Oslo (winter): the daily job's own record time. */
const endOf = (date: string) => `${date}T23:59:59.999+01:00`;

const cancelA = {
  type: 'CancelContract' as const,
  contractId: 'L-A',
  effectiveFrom: '2024-06-01',
  moveToContractId: 'L-C',
};
const listC = on('2020-01-01', contract('L-C', { maxPatients: 50 }));
const doctor = (from: string) => ({
  type: 'StartDoctorPeriod' as const,
  contractId: 'L-A',
  hpr: 1234567,
  relationship: 'LPFL' as const,
  from,
});
const registerGp = on('2020-01-01', { type: 'RegisterGp' as const, hpr: 1234567, name: 'Dr Ås' });
const lock = (contractId: string) => ({
  type: 'ChangeListStatus' as const,
  contractId,
  status: 'locked' as const,
});
const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('backdating is refused on every stream a command touches (API.md registeredAt, issue 9 defect 1)', () => {
  it('a cancellation registered before a later change of one of its members is refused, and writes nothing', async () => {
    // P changes to L-B on 1 June (from 1 July); a cancellation of L-A registered in May would move P to
    // L-C from 1 June under that change, leaving P on two lists at once (§2.6).
    const facts = [...twoLists(), listC, ...pOnA(), on('2024-06-01', changeGp(P, 'L-B'))];
    await given(...facts)
      .when(on('2024-05-01', cancelA))
      .thenRefuses('BACKDATED_COMMAND', 'API-REGISTERED-AT');
    const { events } = await given(...facts)
      .when(on('2024-06-01', cancelA))
      .thenEvents();
    expect(types(events)).toContain('ContractCanceled');
  });

  it('a cancellation registered before a later fact on the list itself is refused', async () => {
    const facts = [...twoLists(), listC, ...pOnA(), on('2024-06-01', lock('L-A'))];
    await given(...facts)
      .when(on('2024-05-01', cancelA))
      .thenRefuses('BACKDATED_COMMAND', 'API-REGISTERED-AT');
  });

  it('a doctor period registered before a later fact on the list is refused; its `from` may lie in the past', async () => {
    const facts = [...twoLists(), registerGp, on('2024-06-01', lock('L-A'))];
    await given(...facts)
      .when(on('2024-05-15', doctor('2024-05-01')))
      .thenRefuses('BACKDATED_COMMAND', 'API-REGISTERED-AT');
    await given(...facts)
      .when(on('2024-06-01', doctor('2020-01-01')))
      .then([{ type: 'DoctorPeriodStarted', data: { from: '2020-01-01' } }]);
  });

  it('the refusal says when the fact was recorded and how to send the command instead', async () => {
    const facts = [...twoLists(), registerGp, on('2024-06-01', lock('L-A'))];
    const outcome = given(...facts).when(on('2024-05-15', doctor('2024-05-01')));
    await expect(outcome.thenEvents()).rejects.toMatchObject({
      code: 'BACKDATED_COMMAND',
      details: { recordedAt: '2024-06-01T11:00:00.000Z' },
      message: expect.stringMatching(/on list L-A, which this command touches.*may still lie in the past/),
    });
  });

  it("a municipality's setting registered before a later one is refused", async () => {
    const off = { type: 'SetAutoAssignment' as const, number: OSLO, enabled: false };
    await given(on('2024-06-01', off))
      .when(on('2024-05-01', { ...off, enabled: true }))
      .thenRefuses('BACKDATED_COMMAND', 'API-REGISTERED-AT');
  });

  it("the daily job's status recomputation is not a caller's fact: a command later that day is accepted", async () => {
    // L-A is full: the job for 1 March closes it, recorded at the end of 1 March. A doctor period
    // registered at noon that day, after the run, is not backdated: the job's record time is its own.
    const facts = [
      ...twoLists(),
      ...filled('L-A', 10),
      registerGp,
      on(endOf('2024-03-01'), daily('2024-03-01')),
    ];
    const { events: job } = await given(...facts.slice(0, -1))
      .when(facts.at(-1) as ReturnType<typeof on>)
      .thenEvents();
    expect(types(job)).toContain('ListStatusChanged');
    await given(...facts)
      .when(on('2024-03-01', doctor('2024-03-01')))
      .then([{ type: 'DoctorPeriodStarted' }]);
  });
});

describe('the daily job for an earlier date is never refused and undoes nothing (API.md)', () => {
  it("a re-run for an earlier date does not overrule a later run's list status", async () => {
    // L-A full (12 of 12): closed by the run for 15 January. Ten leave from 1 March, so the run for
    // 2 March opens it. A run for 15 January again sees L-A full as of 1 February, but the list has a
    // later run's decision on it: it is left alone.
    const leavers = filled('L-A', 12)
      .filter((_, i) => i % 2 === 0)
      .slice(0, 10);
    const facts = [
      ...twoLists(12, 30),
      ...filled('L-A', 12),
      on(endOf('2024-01-15'), daily('2024-01-15')),
      ...leavers.map((f) =>
        on('2024-02-05', changeGp((f as { command: { nin: string } }).command.nin, 'L-B')),
      ),
      on(endOf('2024-03-02'), daily('2024-03-02')),
    ];
    const { events, processor } = await given(...facts)
      .when(on(endOf('2024-01-15'), daily('2024-01-15')))
      .thenEvents();
    expect(types(events)).toEqual(['DailyJobCompleted']);
    expect(processor.view.contracts.get('L-A')?.status).toBe('open');
  });

  it('a run for an earlier date leaves a person with a later fact to a later run, and places the others', async () => {
    const early = nin('1961-01-01');
    const moved = nin('1962-02-02');
    const facts = [
      on('2020-01-01', contract('L-A', { maxPatients: 10 })),
      on('2024-03-01', person(early)),
      on('2024-03-02', person(moved)),
      on('2024-03-20', {
        type: 'RecordMove' as const,
        nin: moved,
        municipality: OSLO,
        movedOn: '2024-03-20',
      }),
    ];
    const { events, processor } = await given(...facts)
      .when(on(endOf('2024-03-05'), daily('2024-03-05')))
      .thenEvents();
    const listedIds = events
      .filter((e) => e.type === 'PatientListed')
      .map((e) => (e.data as { personId: string }).personId);
    expect(listedIds).toEqual([processor.view.ninIndex.get(early)]);
    const later = await given(...facts, on(endOf('2024-03-05'), daily('2024-03-05')))
      .when(on(endOf('2024-03-21'), daily('2024-03-21')))
      .thenEvents();
    const laterIds = later.events
      .filter((e) => e.type === 'PatientListed')
      .map((e) => (e.data as { personId: string }).personId);
    expect(laterIds).toEqual([later.processor.view.ninIndex.get(moved)]);
  });
});
