import { isValidBusinessDate } from '../calendar';
import type { BusinessDate } from '../events';

/**
 * The register's configurable rule choices: every [U] in DOMAIN.md gets a documented default here.
 * One object, passed into every decision (deciders never read the environment themselves).
 */
export interface RegisterRules {
  /** §3.10: the scheme started 1 June 2001; earlier changes never count (R16) and placements start here. */
  readonly schemeStart: BusinessDate;
  /** R24 [U exact day]: waiting lists opened Monday 21 Nov 2016 ("i slutten av november"). */
  readonly waitingListFrom: BusinessDate;
  /** R18 [U]: count a change in the year of its registration date or of its effective date. */
  readonly countYearBy: 'registration' | 'effective';
  /** R15: voluntary changes per calendar year. */
  readonly yearlyChangeLimit: number;
  /** R16 [U]: how long after a reported move the non-counting change may be used. */
  readonly moveExtraChangeWindowMonths: number;
  /** R16 [D]: how long after the GP leaves a list its patients may change without it counting. */
  readonly gpLeftExtraChangeWindowMonths: number;
  /** R31 [U]: when the last household cluster would overshoot the count, take it or skip it. */
  readonly reductionOvershoot: 'accept' | 'skip';
  /** R38 [U]: the link ends the day after death (death day included) or the 1st of the next month. */
  readonly deathEndDate: 'day-after' | 'first-of-next-month';
  /** R39 [U]: the link ends the 1st of the month after emigration, or the day after. */
  readonly emigrationEndDate: 'day-after' | 'first-of-next-month';
  /** §4.3 [U]: a pending change replaced in the same month still counts toward the limit. */
  readonly replacedPendingCounts: boolean;
  /** R25 [U]: a waiting-list promotion counts as a voluntary change (and needs one left). */
  readonly waitingPromotionCounts: boolean;
  /** §1.3: accept synthetic test numbers (month + 80). */
  readonly allowSyntheticNins: boolean;
  /** §1.5: accept the 2032 check-digit rule. */
  readonly nin2032: boolean;
  /** R14: a closed list opens again once it has this many free places. */
  readonly listOpeningThreshold: number;
  /** How many days ahead of the day it is registered a move or an emigration may take effect. */
  readonly advanceNoticeDays: number;
}

export const DEFAULT_REGISTER_RULES: RegisterRules = {
  schemeStart: '2001-06-01',
  waitingListFrom: '2016-11-21',
  countYearBy: 'registration',
  yearlyChangeLimit: 2,
  moveExtraChangeWindowMonths: 6,
  gpLeftExtraChangeWindowMonths: 6,
  reductionOvershoot: 'accept',
  deathEndDate: 'day-after',
  emigrationEndDate: 'first-of-next-month',
  replacedPendingCounts: false,
  waitingPromotionCounts: true,
  allowSyntheticNins: false,
  nin2032: false,
  listOpeningThreshold: 10,
  advanceNoticeDays: 30,
};

/** The environment variable of each setting (documented in the README's configuration table). */
export const REGISTER_RULE_ENV: Readonly<Record<keyof RegisterRules, string>> = {
  schemeStart: 'FLR_RULE_SCHEME_START',
  waitingListFrom: 'FLR_RULE_WAITING_LIST_FROM',
  countYearBy: 'FLR_RULE_COUNT_YEAR_BY',
  yearlyChangeLimit: 'FLR_RULE_YEARLY_CHANGE_LIMIT',
  moveExtraChangeWindowMonths: 'FLR_RULE_MOVE_EXTRA_CHANGE_WINDOW_MONTHS',
  gpLeftExtraChangeWindowMonths: 'FLR_RULE_GP_LEFT_EXTRA_CHANGE_WINDOW_MONTHS',
  reductionOvershoot: 'FLR_RULE_REDUCTION_OVERSHOOT',
  deathEndDate: 'FLR_RULE_DEATH_END_DATE',
  emigrationEndDate: 'FLR_RULE_EMIGRATION_END_DATE',
  replacedPendingCounts: 'FLR_RULE_REPLACED_PENDING_COUNTS',
  waitingPromotionCounts: 'FLR_RULE_WAITING_PROMOTION_COUNTS',
  allowSyntheticNins: 'FLR_RULE_ALLOW_SYNTHETIC_NINS',
  nin2032: 'FLR_RULE_NIN_2032',
  listOpeningThreshold: 'FLR_RULE_LIST_OPENING_THRESHOLD',
  advanceNoticeDays: 'FLR_RULE_ADVANCE_NOTICE_DAYS',
};

export class RegisterRulesError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid register rule settings:\n- ${problems.join('\n- ')}`);
    this.name = 'RegisterRulesError';
  }
}

type Parser = (raw: string) => unknown;
const date: Parser = (raw) => (isValidBusinessDate(raw) ? raw : undefined);
const oneOf =
  (...values: string[]): Parser =>
  (raw) =>
    values.includes(raw) ? raw : undefined;
const int =
  (min: number, max: number): Parser =>
  (raw) => {
    const n = Number(raw);
    return /^\d+$/.test(raw) && n >= min && n <= max ? n : undefined;
  };
const bool: Parser = (raw) =>
  /^(1|true|yes)$/i.test(raw) ? true : /^(0|false|no)$/i.test(raw) ? false : undefined;

const PARSERS: Readonly<Record<keyof RegisterRules, [Parser, string]>> = {
  schemeStart: [date, 'a date YYYY-MM-DD'],
  waitingListFrom: [date, 'a date YYYY-MM-DD'],
  countYearBy: [oneOf('registration', 'effective'), 'registration|effective'],
  yearlyChangeLimit: [int(0, 100), 'an integer 0..100'],
  moveExtraChangeWindowMonths: [int(0, 120), 'an integer 0..120'],
  gpLeftExtraChangeWindowMonths: [int(0, 120), 'an integer 0..120'],
  reductionOvershoot: [oneOf('accept', 'skip'), 'accept|skip'],
  deathEndDate: [oneOf('day-after', 'first-of-next-month'), 'day-after|first-of-next-month'],
  emigrationEndDate: [oneOf('day-after', 'first-of-next-month'), 'day-after|first-of-next-month'],
  replacedPendingCounts: [bool, 'true|false'],
  waitingPromotionCounts: [bool, 'true|false'],
  allowSyntheticNins: [bool, 'true|false'],
  nin2032: [bool, 'true|false'],
  listOpeningThreshold: [int(1, 1000), 'an integer 1..1000'],
  advanceNoticeDays: [int(0, 366), 'an integer 0..366'],
};

/**
 * Parses the write side's `FLR_RULE_*` variables; bad values are all reported at once. Other names are
 * left to their owners (the read side has its own `FLR_RULE_*` settings).
 */
export function parseRegisterRules(raw: Readonly<Record<string, string | undefined>>): RegisterRules {
  const problems: string[] = [];
  const out: Record<string, unknown> = { ...DEFAULT_REGISTER_RULES };
  for (const [key, env] of Object.entries(REGISTER_RULE_ENV) as [keyof RegisterRules, string][]) {
    const value = raw[env]?.trim();
    if (value === undefined || value === '') continue;
    const [parse, expected] = PARSERS[key];
    const parsed = parse(value);
    if (parsed === undefined) problems.push(`${env} must be ${expected}, got "${value}"`);
    else out[key] = parsed;
  }
  if (problems.length > 0) throw new RegisterRulesError(problems);
  return out as unknown as RegisterRules;
}
