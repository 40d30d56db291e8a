import { history } from '../link-index/queries';
import { allProjections } from '../index';
import { fold, readersOf } from '../testing/history';
import { Scenario } from '../testing/scenario';
import { confirmGp, gpAtTimeBatch, personGp } from './person-gp';

const TODAY = '2026-11-22';
const when = (at: string, asOf?: string) => ({ at, today: TODAY, asOf: asOf ? Date.parse(asOf) : undefined });
const readers = (s: Scenario) => readersOf(fold(allProjections, s.events));
const P = '24029012349';

function base(): Scenario {
  return new Scenario()
    .gp(1001, 'Gro Lege')
    .gp(1002, 'Per Lege', '1960-01-01', 'male')
    .contract('L-A', '2001-06-01')
    .contract('L-B', '2001-06-01')
    .doctor('L-A', 'dA1', 1001, 'LPFL', '2001-06-01')
    .doctor('L-B', 'dB1', 1002, 'LPFL', '2001-06-01')
    .person('p1', P);
}

describe('GET person gp at a date (GetPatientGPDetails)', () => {
  it('S11: a change takes effect on the 1st of the next month, not before', () => {
    const s = base().list('p1', 'L-A', '2024-01-01', '2023-12-10', 'CHOICE', 'a1');
    s.change('p1', 'a1', 'L-A', 'L-B', '2024-04-01', '2024-03-15', 'a2');
    const r = readers(s);
    const march31 = personGp(r, P, when('2024-03-31'));
    const april1 = personGp(r, P, when('2024-04-01'));
    expect(march31.kind === 'found' && march31.gp.contractId).toBe('L-A');
    expect(march31.kind === 'found' && march31.gp.period).toEqual({ from: '2024-01-01', to: '2024-04-01' });
    expect(april1.kind === 'found' && april1.gp.contractId).toBe('L-B');
    expect(april1.kind === 'found' && april1.gp.doctors).toEqual([
      { hpr: 1002, relationship: 'LPFL', period: { from: '2001-06-01', to: null } },
    ]);
  });

  it('asOf: before the change was registered the register still had the person on L-A in April', () => {
    const s = base().list('p1', 'L-A', '2024-01-01', '2023-12-10', 'CHOICE', 'a1');
    s.change('p1', 'a1', 'L-A', 'L-B', '2024-04-01', '2024-03-15T10:00:00Z', 'a2');
    const r = readers(s);
    const before = personGp(r, P, when('2024-04-01', '2024-03-15T09:59:59Z'));
    const after = personGp(r, P, when('2024-04-01', '2024-03-15T10:00:00Z'));
    expect(before.kind === 'found' && before.gp.contractId).toBe('L-A');
    expect(before.kind === 'found' && before.gp.period.to).toBeNull();
    expect(after.kind === 'found' && after.gp.contractId).toBe('L-B');
  });

  it('S48: point-in-time answers on both sides of each boundary, none before the scheme', () => {
    const s = base().list('p1', 'L-A', '2001-06-01', '2001-03-01', 'INITIAL_2001', 'a1');
    s.change('p1', 'a1', 'L-A', 'L-B', '2009-03-01', '2009-02-10', 'a2');
    const r = readers(s);
    const on = (d: string) => {
      const a = personGp(r, P, when(d));
      return a.kind === 'found' ? a.gp.doctors.map((x) => x.hpr) : a.kind;
    };
    expect(on('2009-05-17')).toEqual([1002]);
    expect(on('2009-03-01')).toEqual([1002]);
    expect(on('2009-02-28')).toEqual([1001]);
    expect(on('2001-06-01')).toEqual([1001]);
    expect(on('2001-05-31')).toBe('no-gp');
  });

  it('S37: between two fastleger the list is without a GP; the vikar is reported', () => {
    const s = new Scenario()
      .gp(11, 'G One')
      .gp(12, 'G Two')
      .gp(13, 'V Sub')
      .contract('L-A', '2001-06-01')
      .doctor('L-A', 'd1', 11, 'LPFL', '2010-01-01', '2024-07-01')
      .doctor('L-A', 'd2', 12, 'LPFL', '2024-08-01')
      .doctor('L-A', 'v1', 13, 'LPVI', '2024-07-08', '2024-07-29')
      .person('p1', P)
      .list('p1', 'L-A', '2015-01-01', '2014-12-01');
    const r = readers(s);
    const at = (d: string) => {
      const a = personGp(r, P, when(d));
      if (a.kind !== 'found') throw new Error(a.kind);
      return { hprs: a.gp.doctors.map((x) => `${x.relationship}:${x.hpr}`), without: a.gp.listWithoutGp };
    };
    expect(at('2024-06-30')).toEqual({ hprs: ['LPFL:11'], without: false });
    expect(at('2024-07-01')).toEqual({ hprs: [], without: true });
    expect(at('2024-07-15')).toEqual({ hprs: ['LPVI:13'], without: true });
    expect(at('2024-07-31')).toEqual({ hprs: [], without: true });
    expect(at('2024-08-01')).toEqual({ hprs: ['LPFL:12'], without: false });
  });

  it('S39: a substitute period moves nobody; at 2024-07-15 fastlege and vikar are both reported', () => {
    const s = base()
      .gp(2001, 'V Vikar')
      .list('p1', 'L-A', '2020-01-01', '2019-12-01', 'CHOICE', 'a1')
      .doctor('L-A', 'v1', 2001, 'LPVI', '2024-07-01', '2024-09-01', 1001);
    const r = readers(s);
    const mid = personGp(r, P, when('2024-07-15'));
    expect(mid.kind === 'found' && mid.gp.doctors).toEqual([
      { hpr: 1001, relationship: 'LPFL', period: { from: '2001-06-01', to: null } },
      {
        hpr: 2001,
        relationship: 'LPVI',
        period: { from: '2024-07-01', to: '2024-09-01' },
        substituteForHpr: 1001,
      },
    ]);
    const after = personGp(r, P, when('2024-09-01'));
    expect(after.kind === 'found' && after.gp.doctors.map((d) => d.hpr)).toEqual([1001]);
    expect(after.kind === 'found' && after.gp.contractId).toBe('L-A');
  });

  it('S42: a fellesliste reports all three fastleger', () => {
    const s = base()
      .gp(31, 'F1')
      .gp(32, 'F2')
      .gp(33, 'F3')
      .contract('L-F', '2020-01-01', 3000, '0301', { commonList: true })
      .doctor('L-F', 'f1', 31, 'LPFL', '2020-01-01')
      .doctor('L-F', 'f2', 32, 'LPFL', '2020-01-01')
      .doctor('L-F', 'f3', 33, 'LPFL', '2021-01-01')
      .list('p1', 'L-F', '2024-04-01', '2024-03-02');
    const r = readers(s);
    const a = personGp(r, P, when('2024-05-01'));
    expect(a.kind === 'found' && a.gp.doctors.map((d) => d.hpr)).toEqual([31, 32, 33]);
  });

  it('S50: a registered person without a link is NO_GP; an unknown nin is UNKNOWN_PERSON', () => {
    const r = readers(base());
    expect(personGp(r, P, when('2024-05-01')).kind).toBe('no-gp');
    expect(personGp(r, '15038512363', when('2024-05-01')).kind).toBe('unknown-person');
  });

  it('S45: after a NIN change the history is reachable by the new nin and the old no longer resolves', () => {
    const D = '55038512357';
    const F = '15038512363';
    const s = base()
      .person('p2', D, '2023-01-10')
      .list('p2', 'L-A', '2023-02-01', '2023-01-12', 'HELFO_MANUAL')
      .add('PersonNinChanged', { personId: 'p2', oldNin: D, newNin: F }, '2024-05-05T08:00:00Z');
    const r = readers(s);
    expect(history(r.linkIndex, F)?.map((l) => [l.contractId, l.period.from])).toEqual([
      ['L-A', '2023-02-01'],
    ]);
    expect(history(r.linkIndex, D)).toBeUndefined();
    expect(personGp(r, D, when('2024-06-01')).kind).toBe('unknown-person');
    expect(personGp(r, F, when('2024-06-01')).kind).toBe('found');
    // As the register knew it before the change, only the old number resolved.
    expect(personGp(r, D, when('2024-04-01', '2024-05-01T00:00:00Z')).kind).toBe('found');
    expect(personGp(r, F, when('2024-04-01', '2024-05-01T00:00:00Z')).kind).toBe('unknown-person');
  });
});

describe('gp-at-time batch and ConfirmGP', () => {
  it('answers the found ones and omits unknown people and dates without a GP', () => {
    const s = base().list('p1', 'L-A', '2010-01-01', '2009-12-01');
    const r = readers(s);
    const out = gpAtTimeBatch(
      r,
      [
        { nin: P, at: '2012-01-01' },
        { nin: P, at: '2005-01-01' },
        { nin: '15038512363', at: '2012-01-01' },
      ],
      { today: TODAY },
    );
    expect(out.map((o) => [o.nin, o.at, o.contractId])).toEqual([[P, '2012-01-01', 'L-A']]);
  });

  it('confirms the fastlege on the date, and a vikar only when configured (S51 [U])', () => {
    const s = base()
      .gp(2001, 'V Vikar')
      .list('p1', 'L-A', '2020-01-01', '2019-12-01')
      .doctor('L-A', 'v1', 2001, 'LPVI', '2024-07-01', '2024-09-01', 1001);
    const r = readers(s);
    expect(confirmGp(r, P, 1001, when('2024-07-15'), 'fastlege-only')).toBe(true);
    expect(confirmGp(r, P, 1002, when('2024-07-15'), 'fastlege-only')).toBe(false);
    expect(confirmGp(r, P, 2001, when('2024-07-15'), 'fastlege-only')).toBe(false);
    expect(confirmGp(r, P, 2001, when('2024-07-15'), 'include-substitutes')).toBe(true);
    expect(confirmGp(r, P, 1001, when('2019-12-31'), 'fastlege-only')).toBe(false);
  });
});
