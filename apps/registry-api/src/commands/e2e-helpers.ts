import type { CommandApp } from '../../test/command-test-app';

export const at = (date: string) => `${date}T12:00:00+01:00`;
export const ORG = '923609016';

/** Small command builders over HTTP, failing loudly when a setup step is refused. */
export function commands(t: CommandApp) {
  const ok = async (path: string, body: unknown, method?: string) => {
    const res = await t.post(path, body, method);
    if (res.status >= 300) throw new Error(`${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return {
    ok,
    contract: (contractId: string, maxPatients = 10, extra: Record<string, unknown> = {}) =>
      ok('/v1/contracts', {
        contractId,
        municipality: '0301',
        officeOrgNo: ORG,
        maxPatients,
        validFrom: '2001-06-01',
        registeredAt: at('2020-01-01'),
        ...extra,
      }),
    person: (nin: string, extra: Record<string, unknown> = {}, date = '2020-01-01') =>
      ok('/v1/persons', { nin, municipality: '0301', registeredAt: at(date), ...extra }),
    assign: (nin: string, contractId: string, date = '2020-01-01') =>
      ok('/v1/assignments', { nin, contractId, registeredAt: at(date) }),
    change: (nin: string, contractId: string, date: string, extra: Record<string, unknown> = {}) =>
      t.post(`/v1/persons/${nin}/gp-changes`, { contractId, registeredAt: at(date), ...extra }),
    gp: (hpr: number) => ok('/v1/gps', { hpr, name: `Dr ${hpr}`, registeredAt: at('2020-01-01') }),
    daily: (date: string) => ok('/v1/jobs/daily', { date, registeredAt: at(date) }),
  };
}
