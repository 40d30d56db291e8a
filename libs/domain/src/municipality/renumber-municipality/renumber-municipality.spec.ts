import { RuleRefusal } from '../../errors';
import { initialMunicipalityState, type MunicipalityState } from '../municipality.state';
import type { RenumberMunicipality } from './renumber-municipality.command';
import { renumberMunicipality } from './renumber-municipality.decide';

function renumber(
  oldNumber: string,
  newNumber: string,
  effectiveFrom: string,
  overrideReason: string | null = null,
): RenumberMunicipality {
  return { type: 'RenumberMunicipality', oldNumber, newNumber, effectiveFrom, overrideReason };
}

function refusalOf(run: () => unknown): RuleRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleRefusal) return error;
    throw error;
  }
  throw new Error('expected a rule refusal, got events');
}

describe('RenumberMunicipality (§1.8): a real reform, or an explicit override', () => {
  it('accepts a reform of the national code history: Bærum 0219 → 3024 on 2020-01-01', () => {
    expect(renumberMunicipality(renumber('0219', '3024', '2020-01-01'), initialMunicipalityState)).toEqual([
      {
        type: 'MunicipalityRenumbered',
        data: { oldNumber: '0219', newNumber: '3024', effectiveFrom: '2020-01-01' },
      },
    ]);
  });

  it('accepts each target of a split (Ålesund 1507 → 1508 and 1580 on 2024-01-01)', () => {
    for (const target of ['1508', '1580'])
      expect(
        renumberMunicipality(renumber('1507', target, '2024-01-01'), initialMunicipalityState),
      ).toHaveLength(1);
  });

  it('refuses Oslo into Stavanger (0301 → 1103): no such reform', () => {
    const refusal = refusalOf(() =>
      renumberMunicipality(renumber('0301', '1103', '2025-01-01'), initialMunicipalityState),
    );
    expect(refusal).toMatchObject({ code: 'RENUMBERING_NOT_A_KNOWN_REFORM', rule: '§1.8' });
    expect(refusal.message).toContain('0301 has no successor');
  });

  it('refuses a real number pair on another date, naming the reform it may have meant', () => {
    const refusal = refusalOf(() =>
      renumberMunicipality(renumber('0219', '3024', '2021-01-01'), initialMunicipalityState),
    );
    expect(refusal.code).toBe('RENUMBERING_NOT_A_KNOWN_REFORM');
    expect(refusal.message).toContain('3024 from 2020-01-01');
  });

  it('records a renumbering outside the code history when given an override reason', () => {
    const reason = 'Kommunal- og distriktsdepartementet decision 2026-11-30, not yet in SSB';
    expect(
      renumberMunicipality(renumber('1106', '1199', '2027-01-01', reason), initialMunicipalityState),
    ).toEqual([
      {
        type: 'MunicipalityRenumbered',
        data: { oldNumber: '1106', newNumber: '1199', effectiveFrom: '2027-01-01', overrideReason: reason },
      },
    ]);
  });

  it('refuses a second renumbering of the same number, even a known reform', () => {
    const renumbered: MunicipalityState = {
      ...initialMunicipalityState,
      number: '0219',
      renumbered: { newNumber: '3024', effectiveFrom: '2020-01-01' },
    };
    expect(
      refusalOf(() => renumberMunicipality(renumber('0219', '3024', '2020-01-01'), renumbered)),
    ).toMatchObject({ code: 'ALREADY_RENUMBERED', rule: '§1.8' });
  });

  it('refuses a renumbering to the same number as input (400, not a rule)', () => {
    expect(() =>
      renumberMunicipality(renumber('0301', '0301', '2020-01-01', 'typo'), initialMunicipalityState),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
