import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AccessDeniedError, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { EsdbTestServer } from './server';
import { startEmbeddedEsdbTestServer } from './testing';
import {
  discardTestCertificates,
  generateTestCertificates,
  generateUserCertificate,
  type TlsMaterial,
  type UserCertificate,
} from './tls';

describe('client certificate login (UserCertificates) on the test server', () => {
  let server: EsdbTestServer;
  let admin: UserCertificate;
  let unknownUser: UserCertificate;
  let foreign: UserCertificate;
  let foreignCa: TlsMaterial;
  const clients: EventStoreDBClient[] = [];

  const withCertificate = (
    certificate: UserCertificate,
    credentials?: { username: string; password: string },
  ) => {
    const client = new EventStoreDBClient(
      { endpoint: `localhost:${server.port}` },
      {
        rootCertificate: readFileSync(server.tls!.caFile),
        userCertFile: readFileSync(certificate.certFile),
        userKeyFile: readFileSync(certificate.keyFile),
      },
      credentials,
    );
    clients.push(client);
    return client;
  };
  const append = (client: EventStoreDBClient, options = {}) =>
    client
      .appendToStream(`certs-${randomUUID()}`, jsonEvent({ type: 'Signed', data: { ok: true } }), options)
      .then(
        (result) => result,
        (error: unknown) => error,
      );

  beforeAll(async () => {
    server = await startEmbeddedEsdbTestServer({ tls: true });
    admin = generateUserCertificate(server.tls!, 'admin');
    unknownUser = generateUserCertificate(server.tls!, 'invalid');
    // Signed by a CA the node does not trust: TLS does not verify it, so it logs in nobody.
    foreignCa = generateTestCertificates();
    foreign = generateUserCertificate(foreignCa, 'admin');
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server.close();
    for (const material of [admin, unknownUser, foreign, foreignCa]) discardTestCertificates(material);
  });

  it('logs in the user named by a certificate the node CA signed, with no password', async () => {
    const result = await append(withCertificate(admin));
    expect(result).toMatchObject({ success: true, nextExpectedRevision: 0n });
  });

  it('also works with the connection string options userCertFile and userKeyFile', async () => {
    const client = EventStoreDBClient.connectionString(
      `esdb://localhost:${server.port}?tls=true&tlsCAFile=${encodeURIComponent(server.tls!.caFile)}` +
        `&userCertFile=${encodeURIComponent(admin.certFile)}&userKeyFile=${encodeURIComponent(admin.keyFile)}`,
    );
    clients.push(client);
    const result = await append(client);
    expect(result).toMatchObject({ success: true });
  });

  it('lets Basic credentials win over the certificate: wrong ones are refused', async () => {
    const error = await append(withCertificate(admin), {
      credentials: { username: 'wrong', password: 'password' },
    });
    expect(error).toBeInstanceOf(AccessDeniedError);
    const atConstruction = await append(withCertificate(admin, { username: 'wrong', password: 'password' }));
    expect(atConstruction).toBeInstanceOf(AccessDeniedError);
  });

  it('refuses a certificate for a user that does not exist, unless credentials are given', async () => {
    const client = withCertificate(unknownUser);
    expect(await append(client)).toBeInstanceOf(AccessDeniedError);
    const result = await append(client, { credentials: { username: 'admin', password: 'changeit' } });
    expect(result).toMatchObject({ success: true });
  });

  it('does not log in a certificate signed by another CA', async () => {
    expect(await append(withCertificate(foreign))).toBeInstanceOf(AccessDeniedError);
  });

  it('still accepts clients without a certificate using Basic auth', async () => {
    const client = EventStoreDBClient.connectionString(server.connectionString);
    clients.push(client);
    expect(await append(client)).toMatchObject({ success: true });
  });
});
