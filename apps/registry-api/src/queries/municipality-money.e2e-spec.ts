import { makeNin } from '@flr/domain';
import { type CommandApp, startCommandApp } from '../../test/command-test-app';
import { commands } from '../commands/e2e-helpers';

function nin(birthDate: string): string {
  for (let i = 300; i < 350; i++) {
    const n = makeNin(birthDate, i);
    if (n) return n;
  }
  throw new Error(`no nin for ${birthDate}`);
}

const OSLO_1 = nin('1970-01-01');
const OSLO_2 = nin('1971-02-02');
const OSLO_GUEST_ELSEWHERE = nin('1972-03-03');
const OSLO_ON_SALARIED = nin('1973-04-04');
const STAVANGER_GUEST_HERE = nin('1974-05-05');

describe('money per municipality over HTTP: basistilskudd both ways (R44), utjamningstilskudd, grunntilskudd (§3.12)', () => {
  let t: CommandApp;
  let head: string;

  beforeAll(async () => {
    t = await startCommandApp();
    const c = commands(t);
    // A new næringsdrivende list in Oslo with listetak 600: grunntilskudd for two years from 2023-01-01.
    await c.contract('OSLO-NEW', 600, { validFrom: '2023-01-01' });
    await c.contract('OSLO-SALARIED', 10, { fixedSalary: true });
    await c.contract('STAVANGER', 10, { municipality: '1103' });
    for (const p of [OSLO_1, OSLO_2, OSLO_GUEST_ELSEWHERE, OSLO_ON_SALARIED]) await c.person(p);
    await c.person(STAVANGER_GUEST_HERE, { municipality: '1103' });
    await c.assign(OSLO_1, 'OSLO-NEW', '2024-01-10');
    await c.assign(OSLO_2, 'OSLO-NEW', '2024-01-10');
    await c.assign(STAVANGER_GUEST_HERE, 'OSLO-NEW', '2024-01-10');
    await c.assign(OSLO_GUEST_ELSEWHERE, 'STAVANGER', '2024-01-10');
    await c.assign(OSLO_ON_SALARIED, 'OSLO-SALARIED', '2024-01-10');
    head = (await t.head()).toString();
  });
  afterAll(async () => t.close());

  it('sums the lists, shares each among residence municipalities and shows guests both ways', async () => {
    const res = await t.get('/v1/municipalities/0301/capitation?month=2024-06', head);
    expect(res.status).toBe(200);
    const m = res.body;
    // OSLO-NEW: 3 patients paid as 500 (grunntilskudd) × 841.80 / 12 = 35,075.00; OSLO-SALARIED: 1 × 70.15.
    expect(m.contracts.amountNok).toBe(35145.15);
    const newList = m.contracts.items.find((i: { contractId: string }) => i.contractId === 'OSLO-NEW');
    expect(newList).toMatchObject({ listSize: 3, amountNok: 35075, grunntilskudd: true, fixedSalary: false });
    expect(newList.byResidence).toEqual([
      { municipality: '0301', patients: 2, amountNok: 23383.33 },
      { municipality: '1103', patients: 1, amountNok: 11691.67 },
    ]);
    // R44: Oslo pays for its four residents: two on OSLO-NEW, one on OSLO-SALARIED, one in Stavanger.
    expect(m.payable).toEqual({
      amountNok: 23523.63,
      residentsOnLists: 4,
      onOwnLists: { patients: 3, amountNok: 23453.48 },
      asGuestsElsewhere: [{ municipality: '1103', patients: 1, amountNok: 70.15 }],
    });
    expect(m.guestResidentsHere).toEqual([{ municipality: '1103', patients: 1, amountNok: 11691.67 }]);
    expect(m.basis.join(' ')).toMatch(/R44/);
  });

  it('pays utjamningstilskudd to the næringsdrivende lists of a small municipality with short lists', async () => {
    const { body } = await t.get('/v1/municipalities/0301/capitation?month=2024-06', head);
    // 4 inhabitants, two lists averaging 2: (1,200 − 2) × 841.80 / 12 = 84,039.70, OSLO-NEW only.
    expect(body.utjamningstilskudd).toMatchObject({
      eligible: true,
      inhabitants: 4,
      lists: 2,
      averageList: 2,
      patientsPaid: 1198,
      amountNok: 84039.7,
      items: [{ contractId: 'OSLO-NEW', amountNok: 84039.7 }],
    });
    expect(body.utjamningstilskudd.reason).toMatch(/næringsdrivende/);
  });

  it('stops grunntilskudd two years after the contract start', async () => {
    const { body } = await t.get('/v1/municipalities/0301/capitation?month=2025-01', head);
    const newList = body.contracts.items.find((i: { contractId: string }) => i.contractId === 'OSLO-NEW');
    expect(newList).toMatchObject({ listSize: 3, grunntilskudd: false, amountNok: 210.45 });
  });

  it('before the lists took effect, nothing is owed and no utjamningstilskudd is paid', async () => {
    const { body } = await t.get('/v1/municipalities/0301/capitation?month=2024-01', head);
    expect(body.payable.amountNok).toBe(0);
    expect(body.utjamningstilskudd.eligible).toBe(false);
  });

  it('refuses a bad month or number naming both fields', async () => {
    const res = await t.get('/v1/municipalities/30/capitation?month=2024-13', head);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['number', 'month']);
  });

  it('a list that turns næringsdrivende by an update (issue 11) takes utjamningstilskudd from that month only', async () => {
    const update = await t.post('/v1/contracts/OSLO-SALARIED/updates', {
      validFrom: '2024-09-01',
      fixedSalary: false,
      registeredAt: '2024-08-01T12:00:00+02:00',
    });
    expect(update.status).toBe(200);
    const month = async (m: string) =>
      (await t.get(`/v1/municipalities/0301/capitation?month=${m}`, update.body.position)).body;
    const ids = (body: { utjamningstilskudd: { items: { contractId: string }[] } }) =>
      body.utjamningstilskudd.items.map((i) => i.contractId);
    const august = await month('2024-08');
    const september = await month('2024-09');
    expect(ids(august)).toEqual(['OSLO-NEW']);
    expect(ids(september)).toEqual(['OSLO-NEW', 'OSLO-SALARIED']);
    const salaried = (body: { contracts: { items: { contractId: string; fixedSalary: boolean }[] } }) =>
      body.contracts.items.find((i) => i.contractId === 'OSLO-SALARIED')?.fixedSalary;
    expect([salaried(august), salaried(september)]).toEqual([true, false]);
  });
});
