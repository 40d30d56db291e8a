/**
 * API.md read against the running register, edge by edge: inputs the contract calls invalid are 400s
 * in its error shape, and the answers it prescribes are the ones given.
 */
import { expectInvalid, type Register, startRegister, world } from './harness';

let reg: Register;
let w: ReturnType<typeof world>;
let contract: string;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
  contract = await w.contract({ maxPatients: 50 });
});
afterAll(async () => reg?.close());

describe('capitation months', () => {
  it('a month of year 0000 is no YYYY-MM month: 400 INVALID_INPUT naming month', async () => {
    expectInvalid(
      await reg.get(`/v1/contracts/${contract}/capitation?month=0000-01`),
      'INVALID_INPUT',
      'month',
    );
    expectInvalid(
      await reg.get('/v1/municipalities/0301/capitation?month=0000-12'),
      'INVALID_INPUT',
      'month',
    );
  });

  it('a real month is answered', async () => {
    const r = await reg.get(`/v1/contracts/${contract}/capitation?month=2024-01`);
    expect(r.status).toBe(200);
    expect(r.body.month).toBe('2024-01');
  });
});
