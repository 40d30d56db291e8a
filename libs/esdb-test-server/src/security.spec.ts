import { randomUUID } from 'node:crypto';
import { AccessDeniedError, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEmbeddedEsdbTestServer } from './testing';
import type { EsdbTestServer } from './server';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('TLS and Basic auth on the test server', () => {
  let server: EsdbTestServer;
  const clients: EventStoreDBClient[] = [];
  const connect = (connectionString: string) => {
    const client = EventStoreDBClient.connectionString(connectionString);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startEmbeddedEsdbTestServer({
      tls: true,
      auth: {
        users: [
          { username: 'admin', password: 'changeit' },
          { username: 'ops', password: 'changeit' },
        ],
      },
    });
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server.close();
  });

  it('serves TLS with a CA the client trusts and accepts admin/changeit', async () => {
    expect(server.connectionString).toMatch(/^esdb:\/\/admin:changeit@localhost:\d+\?tls=true&tlsCAFile=/);
    const client = connect(server.connectionString);
    const stream = `secure-${randomUUID()}`;
    await client.appendToStream(stream, jsonEvent({ type: 'Secured', data: { ok: true } }));
    const events = await collect(client.readStream(stream));
    expect(events.map((e) => e.event?.data)).toEqual([{ ok: true }]);
  });

  it('refuses a wrong password and anonymous calls with AccessDenied', async () => {
    const wrong = connect(server.connectionString.replace('admin:changeit', 'admin:wrong'));
    await expect(collect(wrong.readStream('anything'))).rejects.toBeInstanceOf(AccessDeniedError);
    const anonymous = connect(server.connectionString.replace('admin:changeit@', ''));
    await expect(
      anonymous.appendToStream('anything', jsonEvent({ type: 'Nope', data: {} })),
    ).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('accepts per-call credentials of another configured user', async () => {
    const anonymous = connect(server.connectionString.replace('admin:changeit@', ''));
    const stream = `ops-${randomUUID()}`;
    const result = await anonymous.appendToStream(stream, jsonEvent({ type: 'ByOps', data: {} }), {
      credentials: { username: 'ops', password: 'changeit' },
    });
    expect(result.nextExpectedRevision).toBe(0n);
  });

  it('refuses plain-text connections on the TLS port', async () => {
    const plain = connect(`esdb://localhost:${server.port}?tls=false`);
    await expect(collect(plain.readStream('anything'))).rejects.toThrow();
  });
});
