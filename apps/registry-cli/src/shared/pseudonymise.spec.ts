import { Pseudonymiser, toMonth } from './pseudonymise';

// R48: the keyed pseudonyms of one disclosure. No pseudonym is compared with itself: stability is
// checked across two pseudonymisers with the same secret, distinctness across ids and secrets.
describe('pseudonyms of a disclosure (R48)', () => {
  const secret = 'a-disclosure-secret-of-32-chars!';
  const ids = ['p1', 'p2', 'p10', '1'];

  it('two runs of one disclosure (the same secret) agree on every id', () => {
    const run1 = new Pseudonymiser(secret);
    const run2 = new Pseudonymiser(secret);
    expect(ids.map((id) => run2.pseudonym('person', id))).toEqual(
      ids.map((id) => run1.pseudonym('person', id)),
    );
    expect(run2.fingerprint()).toBe(run1.fingerprint());
  });

  it('distinct ids get distinct pseudonyms, in each id space and across them', () => {
    const p = new Pseudonymiser(secret);
    const all = [...ids.map((id) => p.pseudonym('person', id)), p.pseudonym('gp', 1), p.pseudonym('gp', 2)];
    expect(new Set(all).size).toBe(all.length);
    for (const value of all) expect(value).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('another disclosure’s secret shares no pseudonym and no fingerprint with this one', () => {
    const one = new Pseudonymiser(secret);
    const other = new Pseudonymiser('another-secret-for-another-use');
    const mine = ids.map((id) => one.pseudonym('person', id));
    expect(ids.map((id) => other.pseudonym('person', id)).filter((p) => mine.includes(p))).toEqual([]);
    expect(other.fingerprint()).not.toBe(one.fingerprint());
  });

  it('refuses a short secret, and coarsens dates to months', () => {
    expect(() => new Pseudonymiser('short')).toThrow(/at least 16/);
    expect(toMonth('2009-03-17')).toBe('2009-03');
    expect(toMonth(null)).toBeNull();
  });
});
