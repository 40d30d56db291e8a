import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { commands } from '../commands/e2e-helpers';

/** Issue 13: inputs that used to crash a handler (500) are 400 INVALID_INPUT naming the field. */
describe('bad input is a 400 naming the field, never a 500', () => {
  let t: CommandApp;
  let c: ReturnType<typeof commands>;

  beforeAll(async () => {
    t = await startCommandApp();
    c = commands(t);
    await c.contract('L-A');
  });
  afterAll(async () => t.close());

  it.each([
    '2024-02-30T12:00:00+01:00',
    '2023-02-29T12:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T24:00Z',
    '2024-01-01T12:00:00.123456789012Z',
    '2024-13-01T12:00:00Z',
    '2024-01-01T12:60:00Z',
    '2024-01-01T12:00:00+24:00',
  ])('registeredAt %s on a command', async (registeredAt) => {
    const head = await t.head();
    const res = await t.post('/v1/persons', { nin: '24029012349', municipality: '0301', registeredAt });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field: 'registeredAt' }] });
    expect(await t.head()).toBe(head);
  });

  it.each(['2024-02-30T12:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T12:00:00.123456789012Z'])(
    'asOf %s on a query',
    async (asOf) => {
      const res = await t.get(`/v1/contracts/L-A?asOf=${encodeURIComponent(asOf)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field: 'asOf' }] });
    },
  );

  it('a valid instant with nine fractional digits and a leap-day is still accepted', async () => {
    const res = await t.get(`/v1/contracts/L-A?asOf=${encodeURIComponent('2024-02-29T12:00:00.123456789Z')}`);
    expect(res.status).toBe(200);
  });

  const paths = (id: string) => [
    `/v1/contracts/${id}`,
    `/v1/contracts/${id}/patients`,
    `/v1/contracts/${id}/waiting-list`,
    `/v1/contracts/${id}/capitation?month=2024-01`,
  ];

  it.each(paths('x'.repeat(80)))(
    'a contract id longer than 64 characters is 400 naming it: %#',
    async (path) => {
      const res = await t.get(path);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field: 'id' }] });
    },
  );

  // Fastify refuses a path parameter over 100 characters itself: 414 URI Too Long.
  it.each(paths('x'.repeat(5000)))(
    'a 5,000-character contract id is refused, never a 500: %#',
    async (path) => {
      const res = await t.get(path);
      expect([400, 414]).toContain(res.status);
    },
  );
});
