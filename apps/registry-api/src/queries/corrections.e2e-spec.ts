import { makeNin } from '@flr/domain';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { at, commands } from '../commands/e2e-helpers';

function nin(birthDate: string): string {
  for (let i = 300; i < 350; i++) {
    const n = makeNin(birthDate, i);
    if (n) return n;
  }
  throw new Error(`no nin for ${birthDate}`);
}

const WRONGLY_DEAD = nin('1950-02-02');
const WRONGLY_PLACED = nin('1960-03-03');
const WRONGLY_MOVED = nin('1970-04-04');
const WRONGLY_OPTED_OUT = nin('1980-05-05');
const FILLER = nin('1981-06-06');

describe('corrections over HTTP (issue 11): a wrong fact annulled, history corrected in valid time, kept in record time', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;
  const view = async (path: string) => {
    const res = await t.get(path, (await t.head()).toString());
    if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const correct = (who: string, body: Record<string, unknown>) =>
    t.post(`/v1/persons/${who}/corrections`, body);

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.contract('L-A', 10);
    await c.contract('L-B', 1);
    for (const p of [WRONGLY_DEAD, WRONGLY_PLACED, WRONGLY_MOVED, WRONGLY_OPTED_OUT, FILLER])
      await c.person(p);
    await c.assign(WRONGLY_DEAD, 'L-A', '2024-01-10');
    await c.assign(FILLER, 'L-B', '2024-01-10');
    await c.assign(WRONGLY_OPTED_OUT, 'L-A', '2024-01-10');
    await c.ok('/v1/waiting-lists/L-B', { nin: WRONGLY_DEAD, registeredAt: at('2024-03-01') });
    await c.ok(`/v1/persons/${WRONGLY_DEAD}/death`, { diedOn: '2024-06-10', registeredAt: at('2024-06-11') });
  });
  afterAll(async () => t.close());

  it('annuls a wrong death: resident again, the list runs on, the queue place is back, record time keeps the belief', async () => {
    const before = await view(`/v1/persons/${WRONGLY_DEAD}?at=2024-07-01`);
    expect(before).toMatchObject({
      status: 'dead',
      lists: { current: null },
      waitingList: null,
      corrections: [],
    });

    const res = await correct(WRONGLY_DEAD, {
      fact: 'death',
      reason: 'Death reported for the wrong person',
      registeredAt: at('2024-06-20'),
    });
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'FactAnnulled',
      'PatientUnlistingAnnulled',
      'WaitingListJoined',
    ]);

    const after = await view(`/v1/persons/${WRONGLY_DEAD}?at=2024-07-01`);
    expect(after).toMatchObject({
      status: 'resident',
      lists: { current: { contractId: 'L-A', period: { from: '2024-02-01', to: null } } },
      waitingList: { contractId: 'L-B', joinedAt: expect.stringContaining('2024-03-01'), placeInQueue: 1 },
      entitlement: { entitled: true },
    });
    expect(after.statusHistory).toEqual([{ status: 'resident', period: { from: '2020-01-01', to: null } }]);
    expect(after.corrections).toEqual([
      expect.objectContaining({
        fact: 'death',
        annulled: 'PersonDied',
        reason: 'Death reported for the wrong person',
      }),
    ]);
    // What the register believed between the death and its correction.
    const believed = await view(`/v1/persons/${WRONGLY_DEAD}?at=2024-07-01&asOf=2024-06-15T12:00:00Z`);
    expect(believed).toMatchObject({ status: 'dead', lists: { current: null } });

    const history = await view(`/v1/persons/${WRONGLY_DEAD}/gp-history`);
    expect(history).toEqual([
      expect.objectContaining({ contractId: 'L-A', period: { from: '2024-02-01', to: null } }),
    ]);
    const then = await view(`/v1/persons/${WRONGLY_DEAD}/gp-history?asOf=2024-06-15T12:00:00Z`);
    expect(then).toEqual([
      expect.objectContaining({ period: { from: '2024-02-01', to: '2024-06-11' }, endReason: 'DEATH' }),
    ]);
    // The list counts the person again: L-A has 2 patients in July.
    expect((await view('/v1/contracts/L-A?at=2024-07-01')).listSize).toBe(2);
  });

  it('announces the correction on the public feed', async () => {
    const res = await fetch(`${t.url}/v1/events`, {
      headers: { 'x-min-position': (await t.head()).toString() },
    });
    const events = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    const i = events.findIndex((e) => e.type === 'PatientFactCorrected');
    expect(events[i]?.data).toMatchObject({ patientNin: WRONGLY_DEAD, fact: 'death' });
    expect(events[i + 1]).toMatchObject({
      type: 'PatientOnContractUpdated',
      data: { gpContractId: 'L-A', period: { from: '2024-02-01', to: null }, endCode: null },
    });
  });

  it('refuses a second correction of the same fact (409 NOTHING_TO_CORRECT, R46)', async () => {
    const res = await correct(WRONGLY_DEAD, {
      fact: 'death',
      reason: 'again',
      registeredAt: at('2024-06-21'),
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'NOTHING_TO_CORRECT', rule: 'R46' });
  });

  it('annuls a wrong placement: the link never existed, though asOf before the correction still shows it', async () => {
    await c.assign(WRONGLY_PLACED, 'L-A', '2024-02-10');
    const res = await correct(WRONGLY_PLACED, {
      fact: 'placement',
      reason: 'Placed on the wrong list',
      registeredAt: at('2024-04-02'),
    });
    expect(res.status).toBe(200);
    expect(await view(`/v1/persons/${WRONGLY_PLACED}/gp-history`)).toEqual([]);
    const then = await view(`/v1/persons/${WRONGLY_PLACED}/gp-history?asOf=2024-04-01T12:00:00Z`);
    expect(then).toEqual([
      expect.objectContaining({ contractId: 'L-A', period: { from: '2024-03-01', to: null } }),
    ]);
  });

  it('annuls a wrong move: the residence and household are back, the move exception is gone', async () => {
    await c.ok(`/v1/persons/${WRONGLY_MOVED}/moves`, {
      municipality: '4601',
      movedOn: '2024-05-02',
      registeredAt: at('2024-05-03'),
    });
    const res = await correct(WRONGLY_MOVED, {
      fact: 'move',
      reason: 'Moved the wrong person',
      registeredAt: at('2024-05-10'),
    });
    expect(res.status).toBe(200);
    const v = await view(`/v1/persons/${WRONGLY_MOVED}?at=2024-05-20`);
    expect(v.municipality).toBe('0301');
    expect(v.municipalityHistory).toEqual([
      { municipality: '0301', period: { from: '2020-01-01', to: null } },
    ]);
    expect(v.changes.exceptions).toEqual([]);
    expect(
      (await view(`/v1/persons/${WRONGLY_MOVED}?at=2024-05-20&asOf=2024-05-05T12:00:00Z`)).municipality,
    ).toBe('4601');
  });

  it('annuls a wrong opt-out: the list it ended runs on', async () => {
    await c.ok(`/v1/persons/${WRONGLY_OPTED_OUT}/opt-out`, { registeredAt: at('2024-08-05') });
    expect((await view(`/v1/persons/${WRONGLY_OPTED_OUT}?at=2024-09-15`)).status).toBe('opted-out');
    const res = await correct(WRONGLY_OPTED_OUT, {
      fact: 'opt-out',
      reason: 'Form belonged to a namesake',
      registeredAt: at('2024-08-20'),
    });
    expect(res.status).toBe(200);
    const v = await view(`/v1/persons/${WRONGLY_OPTED_OUT}?at=2024-09-15`);
    expect(v).toMatchObject({
      status: 'resident',
      lists: { current: { contractId: 'L-A', period: { to: null } } },
    });
  });
});
