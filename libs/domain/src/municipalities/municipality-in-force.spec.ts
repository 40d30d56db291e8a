import { RuleRefusal } from '../errors';
import { assertMunicipalityInForce, municipalityInForceOn } from './municipality-in-force';

describe('a kommunenummer in force on a date (§1.8)', () => {
  it('follows the national code history: 0219 until 2020, 4601 from 2020', () => {
    expect(municipalityInForceOn('0219', '2019-12-31')).toBe(true);
    expect(municipalityInForceOn('0219', '2020-01-01')).toBe(false);
    expect(municipalityInForceOn('4601', '2005-06-01')).toBe(false);
    expect(municipalityInForceOn('4601', '2020-01-01')).toBe(true);
  });

  it("the register's own renumberings end the old number and start the new one on their date", () => {
    const recorded = [{ oldNumber: '1106', newNumber: '1199', effectiveFrom: '2027-01-01' }];
    expect(municipalityInForceOn('1106', '2026-12-31', recorded)).toBe(true);
    expect(municipalityInForceOn('1106', '2027-01-01', recorded)).toBe(false);
    expect(municipalityInForceOn('1199', '2026-12-31', recorded)).toBe(false);
    expect(municipalityInForceOn('1199', '2027-01-01', recorded)).toBe(true);
  });

  it('a recorded new number ends where the national history ends it, unless the log renumbered it', () => {
    const recorded = [{ oldNumber: '0219', newNumber: '3024', effectiveFrom: '2020-01-01' }];
    expect(municipalityInForceOn('3024', '2023-12-31', recorded)).toBe(true);
    expect(municipalityInForceOn('3024', '2024-01-01', recorded)).toBe(false);
    expect(municipalityInForceOn('3201', '2024-01-01', recorded)).toBe(true);
    // A number of the register's own (no national history) stays in force.
    const own = [{ oldNumber: '1106', newNumber: '1199', effectiveFrom: '2027-01-01' }];
    expect(municipalityInForceOn('1199', '2040-01-01', own)).toBe(true);
  });

  it('refuses with MUNICIPALITY_NOT_IN_FORCE, naming the field and the number in force then', () => {
    let refusal: unknown;
    try {
      assertMunicipalityInForce('0219', '2026-12-04', 'municipality');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RuleRefusal);
    expect(() =>
      assertMunicipalityInForce('3107', ['2023-12-01', '2024-01-01'], 'municipality'),
    ).not.toThrow();
    expect(refusal).toMatchObject({
      code: 'MUNICIPALITY_NOT_IN_FORCE',
      rule: '§1.8',
      details: { field: 'municipality', inForce: ['3201'] },
    });
    expect((refusal as Error).message).toBe(
      'municipality 0219 is not a kommunenummer in force on 2026-12-04; on 2026-12-04 it is 3201',
    );
  });
});
