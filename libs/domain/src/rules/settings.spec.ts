import { DEFAULT_REGISTER_RULES, parseRegisterRules, RegisterRulesError } from './settings';

describe('register rule settings', () => {
  it('defaults with zero configuration', () => {
    expect(parseRegisterRules({})).toEqual(DEFAULT_REGISTER_RULES);
    expect(DEFAULT_REGISTER_RULES.waitingListFrom).toBe('2016-11-21');
  });

  it('reads FLR_RULE_* values and leaves other owners’ names alone', () => {
    const rules = parseRegisterRules({
      FLR_RULE_COUNT_YEAR_BY: 'effective',
      FLR_RULE_REDUCTION_OVERSHOOT: 'skip',
      FLR_RULE_WAITING_PROMOTION_COUNTS: 'false',
      FLR_RULE_MOVE_EXTRA_CHANGE_WINDOW_MONTHS: '12',
      FLR_RULE_CONFIRM_GP_SUBSTITUTES: 'true',
    });
    expect(rules).toMatchObject({
      countYearBy: 'effective',
      reductionOvershoot: 'skip',
      waitingPromotionCounts: false,
      moveExtraChangeWindowMonths: 12,
    });
  });

  it('names every bad value', () => {
    try {
      parseRegisterRules({ FLR_RULE_WAITING_LIST_FROM: '2016-11-31', FLR_RULE_DEATH_END_DATE: 'never' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(RegisterRulesError);
      expect((error as RegisterRulesError).problems).toHaveLength(2);
    }
  });
});
