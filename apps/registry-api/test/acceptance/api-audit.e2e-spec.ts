/**
 * API.md read against the running register, edge by edge: inputs the contract calls invalid are 400s
 * in its error shape, and the answers it prescribes are the ones given.
 */
import {
  expectCommandOk,
  expectInvalid,
  expectRefusal,
  nin,
  noon,
  type Register,
  startRegister,
  world,
} from './harness';

let reg: Register;
let w: ReturnType<typeof world>;
let contract: string;

beforeAll(async () => {
  reg = await startRegister();
  w = world(reg);
  contract = await w.contract({ maxPatients: 50 });
});
afterAll(async () => reg?.close());

describe('RegisterPerson', () => {
  it('the same parent twice is 400 INVALID_INPUT naming parents, and nothing is written', async () => {
    const parent = await w.person();
    const head = await reg.head();
    const r = await reg.post('/v1/persons', {
      nin: nin('2015-03-03'),
      municipality: '0301',
      parents: [parent, parent],
    });
    expectInvalid(r, 'INVALID_INPUT', 'parents');
    expect(await reg.head()).toBe(head);
  });
});

describe('ConfirmGP', () => {
  it('without nin is 400 INVALID_INPUT naming nin (a missing field, not an invalid number)', async () => {
    const hpr = await w.gp();
    expectInvalid(await reg.get(`/v1/gps/${hpr}/confirm`), 'INVALID_INPUT', 'nin');
    expectInvalid(await reg.get(`/v1/gps/${hpr}/confirm?nin=`), 'INVALID_INPUT', 'nin');
    expectInvalid(await reg.get(`/v1/gps/${hpr}/confirm?nin=15038512364`), 'INVALID_NIN', 'nin');
  });
});

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

describe('R14: a list the daily job opens takes in 10 and is then closed', () => {
  it('the 10th arrival closes it: queries answer closed with no place, and the 11th change is refused', async () => {
    const m = '4601';
    const full = await w.contract({
      municipality: m,
      maxPatients: 5,
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
    });
    const other = await w.contract({
      municipality: m,
      maxPatients: 50,
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
    });
    for (let i = 0; i < 5; i++) await w.assign(await w.person({ municipality: m }), full, noon('2023-12-10'));
    const movers: string[] = [];
    for (let i = 0; i < 11; i++) {
      const n = await w.person({ municipality: m });
      await w.assign(n, other, noon('2023-12-10'));
      movers.push(n);
    }
    await w.daily('2024-01-02');
    expectCommandOk(
      await reg.put(`/v1/contracts/${full}/ceiling`, { maxPatients: 30, registeredAt: noon('2024-02-01') }),
    );
    const opened = await w.daily('2024-02-02');
    const at = (d: string, position: string) =>
      reg.get(`/v1/contracts/${full}?at=${d}`, { 'x-min-position': position });
    expect((await at('2024-02-02', opened.position)).body).toMatchObject({
      status: 'open',
      placesAvailable: 25,
    });
    let position = opened.position;
    for (const n of movers.slice(0, 10)) {
      const r = await reg.post(`/v1/persons/${n}/gp-changes`, {
        contractId: full,
        registeredAt: noon('2024-02-05'),
      });
      expectCommandOk(r);
      position = r.body.position;
    }
    // R14: the 10 places are filled; the list is closed (API.md: ChangeGP sees the status as it is).
    expect((await at('2024-02-05', position)).body).toMatchObject({ status: 'closed', placesAvailable: 0 });
    const eleventh = await reg.post(`/v1/persons/${movers[10]}/gp-changes`, {
      contractId: full,
      registeredAt: noon('2024-02-05'),
    });
    expectRefusal(eleventh, 'NO_CAPACITY');
  });
});

describe('a contract cancelled from the 1st of next month (R34b, §4.4)', () => {
  it('offers no free place in the month before: GET answers 0 and hasPlaces=true leaves it out, as ChangeGP refuses it', async () => {
    const m = '1103';
    const closing = await w.contract({
      municipality: m,
      maxPatients: 30,
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
    });
    const receiving = await w.contract({
      municipality: m,
      maxPatients: 30,
      validFrom: '2020-01-01',
      at: noon('2020-01-02'),
    });
    const listed = await w.person({ municipality: m });
    await w.assign(listed, closing, noon('2023-12-10'));
    const cancel = await reg.post(`/v1/contracts/${closing}/cancel`, {
      effectiveFrom: '2024-06-01',
      moveToContractId: receiving,
      registeredAt: noon('2024-05-02'),
    });
    expectCommandOk(cancel);
    const min = { 'x-min-position': cancel.body.position };
    const before = (await reg.get(`/v1/contracts/${closing}?at=2024-05-15`, min)).body;
    expect(before).toMatchObject({ listSize: 1, valid: { from: '2020-01-01', to: '2024-06-01' } });
    expect(before.placesAvailable).toBe(0);
    // R14: a list with no place to offer is closed, in the month before its end and after it.
    expect(before.status).toBe('closed');
    const after = (await reg.get(`/v1/contracts/${closing}?at=2024-06-01`, min)).body;
    expect(after).toMatchObject({ status: 'closed', placesAvailable: 0, endReason: expect.any(String) });
    const search = (await reg.get(`/v1/contracts?municipality=${m}&at=2024-05-15`, min)).body as {
      contractId: string;
      status: string;
    }[];
    expect(search.find((c) => c.contractId === closing)?.status).toBe('closed');
    const offered = (await reg.get(`/v1/contracts?municipality=${m}&hasPlaces=true&at=2024-05-15`, min))
      .body as { contractId: string }[];
    expect(offered.map((c) => c.contractId)).toEqual([receiving]);
    // The write side agrees: a change registered that month would start on a list no longer in force.
    const chooser = await w.person({ municipality: m });
    expectRefusal(
      await reg.post(`/v1/persons/${chooser}/gp-changes`, {
        contractId: closing,
        registeredAt: noon('2024-05-15'),
      }),
      'CONTRACT_NOT_ACTIVE',
      'R34',
    );
  });
});

describe('GET /v1/contracts?municipality= across the national code history (§1.8)', () => {
  it('every older number of a list finds it, the one between two reforms too (Bærum 0219 → 3024 → 3201)', async () => {
    const baerum = await w.contract({
      municipality: '0219',
      validFrom: '2010-01-01',
      at: noon('2009-12-01'),
    });
    const found = async (qs: string) =>
      ((await reg.get(`/v1/contracts?${qs}`)).body as { contractId: string; municipality: string }[]).find(
        (c) => c.contractId === baerum,
      );
    for (const number of ['3201', '0219', '3024'])
      expect({ number, found: await found(`municipality=${number}&at=2024-06-01`) }).toMatchObject({
        number,
        found: { municipality: '3201' },
      });
    expect(await found('municipality=3024&at=2022-06-01')).toMatchObject({ municipality: '3024' });
    // A number it never had finds nothing, nor does its later number before the reform.
    expect(await found('municipality=0301&at=2024-06-01')).toBeUndefined();
    expect(await found('municipality=3201&at=2019-06-01')).toBeUndefined();
  });
});

describe('GET /v1/contracts?municipality= by an old number, for lists created after the reform (§1.8)', () => {
  it('0219 asked in 2024 finds the Bærum lists created as 3024 and as 3201, as it finds those created as 0219', async () => {
    const as3024 = await w.contract({
      municipality: '3024',
      validFrom: '2021-01-01',
      at: noon('2020-12-01'),
    });
    const as3201 = await w.contract({
      municipality: '3201',
      validFrom: '2024-02-01',
      at: noon('2024-01-10'),
    });
    const oslo = await w.contract({ municipality: '0301', validFrom: '2021-01-01', at: noon('2020-12-01') });
    const ids = async (qs: string) =>
      ((await reg.get(`/v1/contracts?${qs}`)).body as { contractId: string; municipality: string }[])
        .filter((c) => [as3024, as3201, oslo].includes(c.contractId))
        .map((c) => [c.contractId, c.municipality])
        .sort();
    expect(await ids('municipality=0219&at=2024-06-01')).toEqual(
      [
        [as3024, '3201'],
        [as3201, '3201'],
      ].sort(),
    );
    expect(await ids('municipality=0219&at=2022-06-01')).toEqual([[as3024, '3024']]);
    expect(await ids('municipality=3024&at=2024-06-01')).toEqual(
      [
        [as3024, '3201'],
        [as3201, '3201'],
      ].sort(),
    );
  });
});
