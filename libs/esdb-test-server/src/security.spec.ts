import { randomUUID } from 'node:crypto';
import { AccessDeniedError, EventStoreDBClient, jsonEvent, UnavailableError } from '@eventstore/db-client';
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

  it('refuses a wrong password as unauthenticated (16) and an anonymous call as permission denied (7)', async () => {
    const wrong = connect(server.connectionString.replace('admin:changeit', 'admin:wrong'));
    const badPassword = await collect(wrong.readStream('anything')).then(
      () => null,
      (error: unknown) => error,
    );
    expect(badPassword).toBeInstanceOf(AccessDeniedError);
    expect(badPassword).toMatchObject({ code: 16, message: expect.stringContaining('UNAUTHENTICATED') });
    const anonymous = connect(server.connectionString.replace('admin:changeit@', ''));
    const noCredentials = await anonymous
      .appendToStream('anything', jsonEvent({ type: 'Nope', data: {} }))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(noCredentials).toBeInstanceOf(AccessDeniedError);
    expect(noCredentials).toMatchObject({ code: 7, message: expect.stringContaining('PERMISSION_DENIED') });
  });

  it('accepts per-call credentials of another configured user', async () => {
    const anonymous = connect(server.connectionString.replace('admin:changeit@', ''));
    const stream = `ops-${randomUUID()}`;
    const result = await anonymous.appendToStream(stream, jsonEvent({ type: 'ByOps', data: {} }), {
      credentials: { username: 'ops', password: 'changeit' },
    });
    expect(result.nextExpectedRevision).toBe(0n);
  });

  it('refuses plain-text connections on the TLS port: no connection, not an answer', async () => {
    const plain = connect(`esdb://localhost:${server.port}?tls=false`);
    const error = await collect(plain.readStream('anything')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: 14, message: expect.stringContaining('No connection established') });
  });

  it('fails the TLS handshake for a client that does not trust the test CA', async () => {
    const untrusted = connect(server.connectionString.replace(/&tlsCAFile=[^&]*/, ''));
    const error = await collect(untrusted.readStream('anything')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    // The node sends its CA in the chain (it asks for client certificates signed by it), so OpenSSL
    // reports the untrusted root as a self-signed certificate in the chain.
    expect((error as Error).message).toMatch(
      /self-signed certificate in certificate chain|unable to verify the first certificate/,
    );
  });
});
