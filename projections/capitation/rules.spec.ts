import { allProjections } from '../index';
import { fold, readersOf } from '../testing/history';
import { Scenario } from '../testing/scenario';
import { capitation } from './capitation';
import { DEFAULT_CAPITATION_SETTINGS, parseCapitationSettings, regimeFor } from './rules';

describe('capitation rules by period (§3.12)', () => {
  it('splits a list over the knekkpunkt: the first 1,000 at the higher rate, the rest at the lower one', () => {
    const s = new Scenario().contract('L', '2010-01-01', 2500);
    for (let i = 0; i < 1200; i++)
      s.person(`p${i}`, `1${String(i).padStart(10, '0')}`).list(`p${i}`, 'L', '2022-01-01', '2021-12-01');
    const r = readersOf(fold(allProjections, s.events));
    const byPeriod = { ...DEFAULT_CAPITATION_SETTINGS, formula: 'by-period' as const };
    const c = capitation(r, 'L', '2022-07', byPeriod, { today: '2026-11-22' })!;
    expect(c.basis.tiers).toEqual([
      { patients: 1000, annualRateNok: 675 },
      { patients: 200, annualRateNok: 544 },
    ]);
    expect(c.amountNok).toBe(Math.round((1000 * 675 + 200 * 544) * (31 / 365) * 100) / 100);
    // The default formula pays a twelfth of the same annual amount.
    const twelfth = capitation(r, 'L', '2022-07', DEFAULT_CAPITATION_SETTINGS, { today: '2026-11-22' })!;
    expect(DEFAULT_CAPITATION_SETTINGS.formula).toBe('twelfth');
    expect(twelfth.amountNok).toBe(Math.round(((1000 * 675 + 200 * 544) / 12) * 100) / 100);
    // The month before, the 1 Jan 2022 rates applied.
    expect(regimeFor('2022-06', DEFAULT_CAPITATION_SETTINGS).tiers).toEqual([
      [1000, 653],
      [2500, 526],
    ]);
  });

  it('reads the [U] settings and refuses bad ones', () => {
    expect(parseCapitationSettings({})).toEqual(DEFAULT_CAPITATION_SETTINGS);
    const s = parseCapitationSettings({
      FLR_RULE_CAPITATION_FORMULA: 'twelfth',
      FLR_RULE_CAPITATION_EARLY_RATE: '400',
      FLR_RULE_CAPITATION_2020_RATES: '600,500',
    });
    expect(s).toMatchObject({ formula: 'twelfth', earlyRateNok: 400, knekkpunkt2020RatesNok: [600, 500] });
    expect(regimeFor('2020-06', s).tiers[0]).toEqual([1000, 600]);
    expect(() => parseCapitationSettings({ FLR_RULE_CAPITATION_FORMULA: 'weekly' })).toThrow(RangeError);
    expect(() => parseCapitationSettings({ FLR_RULE_CAPITATION_2020_RATES: '600' })).toThrow(RangeError);
  });
});
