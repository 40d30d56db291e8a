import { makeNin } from '@flr/domain';
import { type Acknowledged, type Answer, Server } from './harness';

/** What a scenario leaves for the checks: the server (restarted, operation retried) and its expectations. */
export interface ScenarioRun {
  readonly server: Server;
  /** Persons whose history the read-model check compares; contracts whose patient lists it compares. */
  readonly persons: readonly string[];
  readonly contracts: readonly string[];
  /** False when the bulk operation, after its retry, did not do all it should, exactly once. */
  readonly complete: boolean;
  readonly detail: string;
}

export interface ScenarioContext {
  readonly dataDir: string;
  readonly acknowledged: Acknowledged;
  /** Trial number: identity numbers, contract ids and municipalities stay distinct per trial. */
  readonly trial: number;
  /** Where in the operation the kill falls, 0..1 of `killWindowMs`. */
  readonly killAt: number;
  readonly killWindowMs: number;
  /** People the reduction moves and the daily job places. */
  readonly persons: number;
}

let serial = 0;
/** Distinct valid identity numbers (born 1950-1989). */
export function nextNin(): string {
  for (;;) {
    serial++;
    const nin = makeNin(
      `${1950 + (serial % 40)}-${String(1 + (serial % 12)).padStart(2, '0')}-${String(1 + (Math.floor(serial / 12) % 28)).padStart(2, '0')}`,
      Math.floor(serial / 336) % 500,
    );
    if (nin) return nin;
  }
}

const ok = (answer: Answer | null, what: string): Answer => {
  if (!answer || answer.status >= 300)
    throw new Error(`${what}: ${answer ? `${answer.status} ${JSON.stringify(answer.body)}` : 'no answer'}`);
  return answer;
};

export async function createContract(
  ctx: ScenarioContext,
  server: Server,
  contractId: string,
  municipality: string,
  maxPatients: number,
  registeredAt?: string,
): Promise<void> {
  ok(
    await ctx.acknowledged.send(server, 'POST', '/v1/contracts', {
      contractId,
      municipality,
      officeOrgNo: '923609016',
      maxPatients,
      validFrom: '2001-06-01',
      registeredAt,
    }),
    `contract ${contractId}`,
  );
}

/**
 * Sends `send` at once and kills the server after the trial's moment; meanwhile ordinary commands keep
 * coming. Says whether the operation was answered before the kill or cut by it.
 */
export async function killDuring(
  ctx: ScenarioContext,
  server: Server,
  municipality: string,
  send: () => Promise<Answer | null>,
): Promise<string> {
  let stop = false;
  const others = (async () => {
    while (!stop) {
      const answer = await ctx.acknowledged.send(server, 'POST', '/v1/persons', {
        nin: nextNin(),
        municipality,
      });
      if (!answer) return;
    }
  })();
  let answered = false;
  const operation = send().then((answer) => {
    answered = answer !== null;
  });
  await new Promise((resolve) => setTimeout(resolve, ctx.killAt * ctx.killWindowMs));
  const cut = !answered;
  await server.kill();
  stop = true;
  await Promise.all([others, operation]);
  return cut ? 'killed mid-operation' : 'answered before the kill';
}

/** Persons registered and placed on a list, acknowledged one by one. */
export async function placed(
  ctx: ScenarioContext,
  server: Server,
  municipality: string,
  contractId: string,
  count: number,
): Promise<string[]> {
  const nins: string[] = [];
  for (let i = 0; i < count; i++) {
    const nin = nextNin();
    ok(await ctx.acknowledged.send(server, 'POST', '/v1/persons', { nin, municipality }), 'register');
    ok(await ctx.acknowledged.send(server, 'POST', '/v1/assignments', { nin, contractId }), 'assign');
    nins.push(nin);
  }
  return nins;
}

export async function restart(ctx: ScenarioContext): Promise<Server> {
  return Server.start(ctx.dataDir);
}

/** A list reduction of `persons` of `persons + 10` patients, killed at a random moment, then resent with the same commandId. */
export async function reductionScenario(ctx: ScenarioContext): Promise<ScenarioRun> {
  const REDUCTION = ctx.persons;
  const REDUCED_FROM = ctx.persons + 10;
  let server = await Server.start(ctx.dataDir);
  await createContract(ctx, server, 'A', '0301', 500);
  await createContract(ctx, server, 'B', '0301', 500);
  const persons = await placed(ctx, server, '0301', 'A', REDUCED_FROM);
  const commandId = `reduction-${ctx.trial}`;
  const body = { count: REDUCTION, toContractId: 'B', effectiveFrom: '2027-03-01', seed: 'crash' };
  const when = await killDuring(ctx, server, '1103', () =>
    ctx.acknowledged.send(server, 'POST', '/v1/contracts/A/reductions', body, commandId),
  );
  server = await restart(ctx);
  const retried = ok(
    await ctx.acknowledged.send(server, 'POST', '/v1/contracts/A/reductions', body, commandId),
    'retried reduction',
  );
  const position = String(retried.body.position);
  const onA = await server.get('/v1/contracts/A/patients?at=2027-03-01&limit=1000', position);
  const onB = await server.get('/v1/contracts/B/patients?at=2027-03-01&limit=1000', position);
  const count = (a: Answer) =>
    (Array.isArray(a.body) ? a.body : (a.body?.items ?? a.body?.patients ?? [])).length;
  const complete = count(onA) === REDUCED_FROM - REDUCTION && count(onB) === REDUCTION;
  return {
    server,
    persons,
    contracts: ['A', 'B'],
    complete,
    detail: `${when}: A=${count(onA)} B=${count(onB)}`,
  };
}

/** The daily job placing `persons` unassigned residents, killed at a random moment, then resent with the same commandId. */
export async function dailyJobScenario(ctx: ScenarioContext): Promise<ScenarioRun> {
  const UNASSIGNED = ctx.persons;
  let server = await Server.start(ctx.dataDir);
  // Known before the job's date: the job acts on facts registered up to the end of its date.
  await createContract(ctx, server, 'D-1', '0301', 500, '2024-03-01T12:00:00+01:00');
  await createContract(ctx, server, 'D-2', '0301', 500, '2024-03-01T12:00:00+01:00');
  const persons: string[] = [];
  for (let i = 0; i < UNASSIGNED; i++) {
    const nin = nextNin();
    ok(
      await ctx.acknowledged.send(server, 'POST', '/v1/persons', {
        nin,
        municipality: '0301',
        registeredAt: '2024-03-02T12:00:00+01:00',
      }),
      'register',
    );
    persons.push(nin);
  }
  const commandId = `daily-${ctx.trial}`;
  const body = { date: '2024-03-05' };
  const when = await killDuring(ctx, server, '1103', () =>
    ctx.acknowledged.send(server, 'POST', '/v1/jobs/daily', body, commandId),
  );
  server = await restart(ctx);
  const retried = ok(
    await ctx.acknowledged.send(server, 'POST', '/v1/jobs/daily', body, commandId),
    'retried daily job',
  );
  const position = String(retried.body.position);
  let placedOnce = 0;
  for (const nin of persons) {
    const history = await server.get(`/v1/persons/${nin}/gp-history`, position);
    if (Array.isArray(history.body) && history.body.length === 1) placedOnce++;
  }
  return {
    server,
    persons,
    contracts: ['D-1', 'D-2'],
    complete: placedOnce === UNASSIGNED,
    detail: `${when}: placed_once=${placedOnce}/${UNASSIGNED}`,
  };
}

/** An online rebuild of every read model, killed at a random moment; after the restart every copy must settle. */
export async function rebuildScenario(ctx: ScenarioContext): Promise<ScenarioRun> {
  let server = await Server.start(ctx.dataDir);
  await createContract(ctx, server, 'C', '0301', 500);
  const persons = await placed(ctx, server, '0301', 'C', 30);
  const names = await projectionNames(server);
  const when = await killDuring(ctx, server, '1103', async () => {
    for (const name of names)
      await server.call('POST', `/v1/admin/projections/${name}/rebuild`).catch(() => null);
    return { status: 202, body: null };
  });
  server = await restart(ctx);
  const complete = await settled(server);
  return {
    server,
    persons,
    contracts: ['C'],
    complete,
    detail: `${when}: ${complete ? 'settled' : 'not settled in 60 s'}`,
  };
}

export async function projectionNames(server: Server): Promise<string[]> {
  const list = (await server.get('/v1/admin/projections')).body as { name: string }[];
  return [...new Set(list.map((s) => s.name))];
}

/** Every read model has one active copy at the log's head (no copy still building), within 60 s. */
export async function settled(server: Server): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const list = (await server.get('/v1/admin/projections')).body as {
      active: boolean;
      lag: string;
      error?: unknown;
    }[];
    if (list.every((s) => s.active && String(s.lag) === '0' && !s.error)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
