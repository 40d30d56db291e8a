import { type CommandApp, startCommandApp } from '../test/command-test-app';
import { BODY_LIMIT_BYTES } from './http-adapter';

/** The HTTP layer's own refusals keep API.md's error contract on the Fastify adapter. */
describe('the HTTP layer (Fastify) answers in the error contract', () => {
  let t: CommandApp;
  beforeAll(async () => {
    t = await startCommandApp();
  });
  afterAll(async () => t.close());

  it('a body over 1 MiB is 413 PAYLOAD_TOO_LARGE and writes nothing', async () => {
    const head = await t.head();
    const huge = JSON.stringify({
      nin: '24029012349',
      municipality: '0301',
      pad: 'x'.repeat(BODY_LIMIT_BYTES),
    });
    expect(await t.post('/v1/persons', huge)).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(await t.head()).toBe(head);
  });

  it('a body nested 2,000 levels deep is 400 BODY_TOO_DEEP before validation, and writes nothing', async () => {
    const head = await t.head();
    const deep = `{"nin":"24029012349","municipality":"0301","x":${'['.repeat(2000)}${']'.repeat(2000)}}`;
    expect(await t.post('/v1/persons', deep)).toMatchObject({
      status: 400,
      body: { code: 'BODY_TOO_DEEP', errors: [{ field: 'body' }] },
    });
    const deepObject = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    expect(await t.post('/v1/gps', deepObject)).toMatchObject({
      status: 400,
      body: { code: 'BODY_TOO_DEEP' },
    });
    expect(await t.head()).toBe(head);
  });

  it('HPR numbers have at most 9 digits: larger ones (also beyond 2^53) are 400 naming hpr', async () => {
    const head = await t.head();
    for (const hpr of ['9007199254740993', '99999999999999999999', '1000000000']) {
      const r = await t.post('/v1/gps', `{"hpr":${hpr},"name":"Dr Big"}`);
      expect(r).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'hpr' })] } });
    }
    expect(await t.head()).toBe(head);
    expect(await t.post('/v1/gps', '{"hpr":999999999,"name":"Dr Nine Digits"}')).toMatchObject({
      status: 201,
    });
  });

  it('a body that is not JSON is 400 INVALID_INPUT naming the body', async () => {
    expect(await t.post('/v1/persons', '{"nin": ')).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT', errors: [{ field: 'body' }] },
    });
  });

  it('a body in another media type is 415 UNSUPPORTED_MEDIA_TYPE, form and plain text included', async () => {
    const bodies: [string, string][] = [
      ['application/xml', '<person/>'],
      ['application/x-www-form-urlencoded', 'nin=24029012349&municipality=0301'],
      ['text/plain', '{"nin":"24029012349","municipality":"0301"}'],
    ];
    for (const [type, body] of bodies) {
      const res = await fetch(`${t.url}/v1/persons`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect([type, res.status]).toEqual([type, 415]);
      expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
  });

  it("a long path parameter reaches its pipe: 400 INVALID_NIN / INVALID_INPUT, never the router's 414", async () => {
    expect(await t.get(`/v1/persons/${'1'.repeat(101)}/gp`)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_NIN', errors: [{ field: 'nin' }] },
    });
    expect(await t.get(`/v1/contracts/${'x'.repeat(300)}`)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT', errors: [{ field: 'id' }] },
    });
  });

  it("a path that is not validly percent-encoded is 400 INVALID_INPUT with errors, not Fastify's body", async () => {
    for (const path of ['/v1/persons/%ZZ/gp', '/v1/contracts/%E0%A4%A']) {
      const res = await fetch(`${t.url}${path}`);
      expect([path, res.status]).toEqual([path, 400]);
      // The security headers every answer carries, the router's own refusals included.
      expect([path, res.headers.get('x-content-type-options')]).toEqual([path, 'nosniff']);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await res.json()).toEqual({
        code: 'INVALID_INPUT',
        errors: [{ field: 'path', message: expect.any(String) }],
      });
    }
  });

  it('an unknown route is 404 NOT_FOUND', async () => {
    expect(await t.get('/v1/no-such-thing')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('serves OpenAPI at /docs (UI and its assets) and /docs-json', async () => {
    const ui = await fetch(`${t.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const asset = await fetch(`${t.url}/docs/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(1000);
    const doc = await t.get('/docs-json');
    expect(doc.body.paths['/v1/persons/{nin}/gp']).toBeDefined();
  });

  it('pre-fills no constant idempotency key or instant in any command body (Try-it-out would reuse them)', async () => {
    const { schemas } = (await t.get('/docs-json')).body.components;
    const withKey = Object.entries(schemas as Record<string, any>).filter(([, s]) => s.properties?.commandId);
    expect(withKey.length).toBeGreaterThan(10);
    for (const [, schema] of withKey) {
      expect(schema.properties.commandId.example).toBeNull();
      expect(schema.properties.registeredAt.example).toBeNull();
    }
  });
});
