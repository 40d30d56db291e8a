/** Reusable HTTP steps for the scenario files (the register is started per file, hence the getters). */
import { expectCommandOk, noon, type Register, type Reply, type world } from './harness';

export type World = ReturnType<typeof world>;
export interface Link {
  contractId: string;
  period: { from: string; to: string | null };
  beginReason: string;
  endReason: string | null;
}

export function steps(getReg: () => Register, getWorld: () => World) {
  const minPos = (position?: string): Record<string, string> =>
    position ? { 'x-min-position': position } : {};
  const history = async (n: string, position?: string): Promise<Link[]> => {
    const r = await getReg().get(`/v1/persons/${n}/gp-history`, minPos(position));
    expect(r.status).toBe(200);
    return r.body;
  };
  return {
    history,
    gpAt: (n: string, at: string, position?: string) =>
      getReg().get(`/v1/persons/${n}/gp?at=${at}`, minPos(position)),
    change: (n: string, contractId: string, registeredAt: string, extra: Record<string, unknown> = {}) =>
      getReg().post(`/v1/persons/${n}/gp-changes`, { contractId, registeredAt, ...extra }),
    /** A person already on `contractId` from 2024-01-01 (placed by Helfo: does not count, R16). */
    async listed(contractId: string, o: Parameters<World['person']>[0] = {}): Promise<string> {
      const n = await getWorld().person(o);
      await getWorld().assign(n, contractId, noon('2023-12-10'));
      return n;
    },
    /** A refusal writes nothing: the history and the log head stay as they were. */
    async refusedWithoutTrace(n: string, call: () => Promise<Reply>): Promise<Reply> {
      const before = await history(n);
      const head = await getReg().head();
      const r = await call();
      expect(await getReg().head()).toBe(head);
      expect(await history(n)).toEqual(before);
      return r;
    },
  };
}

/** Steps for the daily-job files: every test there works in its own municipality. */
export function dailySteps(getReg: () => Register, getWorld: () => World) {
  const minPos = (position?: string): Record<string, string> =>
    position ? { 'x-min-position': position } : {};
  return {
    contractAt: async (id: string, at: string, position?: string) =>
      (await getReg().get(`/v1/contracts/${id}?at=${at}`, minPos(position))).body,
    patients: async (id: string, at: string, position?: string): Promise<string[]> =>
      (await getReg().get(`/v1/contracts/${id}/patients?at=${at}`, minPos(position))).body.map(
        (x: { nin: string }) => x.nin,
      ),
    /** Runs the job for `date` and answers the position covering all it did. */
    async daily(date: string): Promise<string> {
      const r = await getReg().post('/v1/jobs/daily', { date });
      expectCommandOk(r, `daily ${date}`);
      return r.body.position;
    },
    /** A contract in `municipality`, valid since 2020 (all the municipalities used exist by then). */
    contract: (municipality: string, maxPatients: number, extra: Record<string, unknown> = {}) =>
      getWorld().contract({
        municipality,
        maxPatients,
        validFrom: '2020-01-01',
        at: noon('2020-01-02'),
        ...extra,
      }),
    /** A resident of `municipality` on `contractId` from 2024-01-01. */
    async listed(contractId: string, municipality: string, o: Parameters<World['person']>[0] = {}) {
      const n = await getWorld().person({ municipality, ...o });
      await getWorld().assign(n, contractId, noon('2023-12-10'));
      return n;
    },
  };
}
