import { makeNin } from '@flr/domain';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { commands } from '../commands/e2e-helpers';

const TEEN = makeNin('2005-02-02', 501) ?? makeNin('2005-02-02', 502)!;

describe('the age-16 letter (R12) over HTTP: the daily job writes it once, the person view shows it', () => {
  let t: CommandApp;

  beforeAll(async () => {
    t = await startCommandApp();
    const c = commands(t);
    await c.person(TEEN, { birthDate: '2005-02-02' });
    await c.daily('2021-02-01');
    await c.daily('2021-02-10');
    await c.daily('2021-03-01');
  });
  afterAll(async () => t.close());

  it('is sent by the first daily job on or after the 16th birthday, and only then', async () => {
    const res = await t.get(`/v1/persons/${TEEN}?at=2021-03-02`, (await t.head()).toString());
    expect(res.status).toBe(200);
    expect(res.body.letters).toEqual([
      expect.objectContaining({ kind: 'AGE_16', rule: 'R12', on: '2021-02-10', contractIds: [] }),
    ]);
  });
});
