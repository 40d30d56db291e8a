import { makeNin } from '@flr/domain';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { at, commands } from '../commands/e2e-helpers';

/** A valid fødselsnummer for the birth date (the first individnummer with valid check digits). */
function nin(birthDate: string, from: number): string {
  for (let i = from; i < from + 50; i++) {
    const n = makeNin(birthDate, i);
    if (n) return n;
  }
  throw new Error(`no nin for ${birthDate}`);
}

const MOVER = nin('1980-08-08', 300);

describe('the person view’s move exceptions are the ones ChangeGP grants (R16)', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;
  const view = async (path: string) => {
    const res = await t.get(path, (await t.head()).toString());
    if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const moveExceptions = async (date: string) =>
    (await view(`/v1/persons/${MOVER}?at=${date}`)).changes.exceptions.filter(
      (e: { kind: string }) => e.kind === 'MOVE',
    );

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    for (const id of ['L-M1', 'L-M2', 'L-M3']) await c.contract(id, 10);
    await c.person(MOVER);
    await c.assign(MOVER, 'L-M1', '2024-01-10');
    await c.ok(`/v1/persons/${MOVER}/moves`, {
      municipality: '1103',
      movedOn: '2024-03-02',
      registeredAt: at('2024-03-03'),
    });
    await c.ok(`/v1/persons/${MOVER}/moves`, {
      municipality: '4601',
      movedOn: '2024-05-02',
      registeredAt: at('2024-05-03'),
    });
  });
  afterAll(async () => t?.close());

  it('two moves give two exceptions, each lapsing with its own move’s window', async () => {
    const exceptions = await moveExceptions('2024-05-10');
    expect(exceptions).toEqual([
      expect.objectContaining({ rule: 'R16', availableUntil: '2024-09-02' }),
      expect.objectContaining({ rule: 'R16', availableUntil: '2024-11-02' }),
    ]);
    expect(exceptions[0].reason).toContain('Moved from 0301 to 1103 on 2024-03-02');
    expect(exceptions[1].reason).toContain('Moved from 1103 to 4601 on 2024-05-02');
  });

  it('after one is used, the one left lapses when the first window closes, as ChangeGP then counts the change', async () => {
    const used = await c.change(MOVER, 'L-M2', '2024-05-20');
    expect(used.status).toBeLessThan(300);
    // The change (from 2024-06-01) came after both moves: once the first window closes on
    // 2024-09-02 it is the second move's, and no move exception is left.
    expect(await moveExceptions('2024-05-25')).toEqual([
      expect.objectContaining({ availableUntil: '2024-09-02' }),
    ]);
    expect(await moveExceptions('2024-09-02')).toEqual([]);
    const before = (await view(`/v1/persons/${MOVER}?at=2024-09-10`)).changes;
    expect(before).toMatchObject({ used: 0, left: 2 });
    const later = await c.change(MOVER, 'L-M3', '2024-09-10');
    expect(later.status).toBeLessThan(300);
    // ChangeGP granted no move exception on 2024-09-10: the change counts.
    expect((await view(`/v1/persons/${MOVER}?at=2024-09-20`)).changes).toMatchObject({ used: 1, left: 1 });
  });
});
