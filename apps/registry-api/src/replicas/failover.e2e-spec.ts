import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { makeNin } from '@flr/domain';
import type { WriterLeaseRecord } from '@flr/event-store';
import { type EmbeddedEsdbTestServer, startEmbeddedEsdbTestServer } from '@flr/esdb-test-server';
import { buildApi, leaseHolder, type Replica, removeBuild, startReplica } from '../../test/replicas';

/**
 * DESIGN §4: two API replicas on one EventStoreDB (the test server), one writer by the lease. The
 * writer is killed with SIGKILL in the middle of a burst of commands; the other replica takes over
 * within 10 s, and every command the driver sent is applied exactly once (retries carry the same
 * commandId, as API.md asks of clients). Replicas run as real processes (`test/replicas.ts`).
 */
const DIST = '.replica-dist-failover';
const LEASE_MS = 6_000;
const BURST = 30;
const KILL_AFTER_ACKS = 8;

interface Command {
  readonly commandId: string;
  readonly nin: string;
}

function commandsFor(count: number): Command[] {
  const out: Command[] = [];
  for (let individual = 100; out.length < count; individual++) {
    const nin = makeNin('1980-03-14', individual);
    if (nin) out.push({ commandId: randomUUID(), nin });
  }
  return out;
}

/** A client as API.md asks: retry with the same commandId, following 503's writer or the other replica. */
async function sendUntilAccepted(
  command: Command,
  replicas: readonly Replica[],
  target: { address: string },
  deadline: number,
): Promise<{ status: number; position: string; at: number; by: string }> {
  while (Date.now() < deadline) {
    const address = target.address;
    try {
      const res = await fetch(`${address}/v1/persons`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ nin: command.nin, municipality: '0301', commandId: command.commandId }),
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await res.json()) as { position?: string; code?: string; writer?: string | null };
      if (res.status < 300)
        return { status: res.status, position: body.position ?? '', at: Date.now(), by: address };
      if (res.status !== 503)
        throw new Error(`${command.commandId} -> ${res.status} ${JSON.stringify(body)}`);
      expect(res.headers.get('retry-after')).toBe('1');
      target.address = body.writer ?? replicas.find((r) => r.address !== address)!.address;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(command.commandId)) throw error;
      // No answer (the writer died mid-request): the outcome is unknown; retry elsewhere, same commandId.
      target.address = replicas.find((r) => r.address !== address)!.address;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${command.commandId} was never accepted`);
}

describe('API replicas with one writer (writer lease on EventStoreDB)', () => {
  let esdb: EmbeddedEsdbTestServer;
  let dataRoot: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    buildApi(DIST);
    dataRoot = mkdtempSync(join(tmpdir(), 'esdb2-replicas-'));
    esdb = await startEmbeddedEsdbTestServer();
    replicas.push(await startReplica('a', esdb, { dist: DIST, dataRoot, leaseMs: LEASE_MS }));
    replicas.push(await startReplica('b', esdb, { dist: DIST, dataRoot, leaseMs: LEASE_MS }));
  }, 240_000);

  afterAll(async () => {
    for (const replica of replicas) if (replica.child.exitCode === null) replica.child.kill('SIGKILL');
    await esdb?.close();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
    removeBuild(DIST);
  });

  it('serves queries on the follower, answers its commands with 503 and the writer, and survives a SIGKILL of the writer mid-burst', async () => {
    let lease: WriterLeaseRecord | undefined;
    for (let i = 0; i < 200 && !lease; i++) {
      lease = await leaseHolder(esdb.store);
      if (!lease) await new Promise((r) => setTimeout(r, 100));
    }
    const writer = replicas.find((r) => r.address === lease?.address)!;
    const follower = replicas.find((r) => r !== writer)!;
    expect(writer).toBeDefined();

    // The follower refuses a command, naming the writer.
    const [first, ...burst] = commandsFor(BURST + 1);
    const refused = await fetch(`${follower.address}/v1/persons`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nin: first!.nin, municipality: '0301', commandId: first!.commandId }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-flr-writer')).toBe(writer.address);
    expect(await refused.json()).toMatchObject({ code: 'NOT_THE_WRITER', writer: writer.address });

    // The writer takes it; the follower answers the query from its own read models.
    const accepted = await sendUntilAccepted(
      first!,
      replicas,
      { address: writer.address },
      Date.now() + 30_000,
    );
    const query = await fetch(`${follower.address}/v1/persons/${first!.nin}/gp-history`, {
      headers: { 'x-min-position': accepted.position },
    });
    expect(query.status).toBe(200);

    // A burst, four at a time; the writer is killed with SIGKILL after the 8th acknowledgement.
    const target = { address: writer.address };
    const acks: { commandId: string; at: number; by: string }[] = [];
    let killedAt = 0;
    const queue = [...burst];
    const deadline = Date.now() + 90_000;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let command = queue.shift(); command; command = queue.shift()) {
          const ack = await sendUntilAccepted(command, replicas, target, deadline);
          acks.push({ commandId: command.commandId, at: ack.at, by: ack.by });
          if (acks.length === KILL_AFTER_ACKS && !killedAt) {
            killedAt = Date.now();
            writer.child.kill('SIGKILL');
          }
        }
      }),
    );
    expect(killedAt).toBeGreaterThan(0);
    // Answers the old writer sent just before the kill may still be read after it: count the new writer's.
    const byNewWriter = acks.filter((a) => a.at > killedAt && a.by === follower.address);
    expect(byNewWriter.length).toBeGreaterThan(0);
    // The other replica took over and accepted a command within 10 s of the kill.
    expect(Math.min(...byNewWriter.map((a) => a.at)) - killedAt).toBeLessThan(10_000);

    // Every command applied exactly once: one PersonRegistered per commandId, none lost.
    const registered = new Map<string, number>();
    for await (const e of esdb.store.readAll()) {
      const commandId = (e.metadata as { commandId?: string } | undefined)?.commandId;
      if (e.type === 'PersonRegistered' && commandId)
        registered.set(commandId, (registered.get(commandId) ?? 0) + 1);
    }
    for (const command of [first!, ...burst])
      expect([command.commandId, registered.get(command.commandId)]).toEqual([command.commandId, 1]);
    expect(registered.size).toBe(BURST + 1);
    expect((await leaseHolder(esdb.store))?.address).toBe(follower.address);
  }, 180_000);
});
