import { individualRangesFor, makeNin } from './make-nin';
import { K1_WEIGHTS, weightedRemainder } from './mod11';
import { parseNin } from './nin';

describe('parseNin — worked examples of DOMAIN.md §1', () => {
  it.each([
    ['24029012349', 'FNR', '1990-02-24', 'male'],
    ['15038512363', 'FNR', '1985-03-15', 'male'],
    ['17050953386', 'FNR', '2009-05-17', 'male'],
    ['12061860213', 'FNR', '2018-06-12', 'female'],
    ['55038512357', 'DNR', '1985-03-15', 'male'],
  ])('accepts %s as a %s born %s (%s)', (value, kind, birthDate, sex) => {
    expect(parseNin(value)).toEqual({ ok: true, nin: { value, kind, birthDate, sex, synthetic: false } });
  });

  it('refuses 15038512364 because check digit 2 fails', () => {
    expect(parseNin('15038512364')).toMatchObject({
      ok: false,
      code: 'INVALID_NIN',
      message: expect.stringMatching(/check digit 2/),
    });
  });

  it.each(['170509532', '240290124'])('never accepts any completion of the unusable prefix %s', (prefix) => {
    for (let k = 0; k < 100; k++) {
      const value = `${prefix}${String(k).padStart(2, '0')}`;
      expect(parseNin(value)).toMatchObject({ ok: false, code: 'INVALID_NIN' });
    }
  });

  it('reports the H-nummer 15438512346 (month 43) as NOT_A_REGISTER_ID', () => {
    expect(parseNin('15438512346')).toMatchObject({ ok: false, code: 'NOT_A_REGISTER_ID' });
  });
});

describe('parseNin — malformed input is INVALID_NIN', () => {
  it.each([
    ['a number', 24029012349],
    ['null', null],
    ['undefined', undefined],
    ['too short', '2402901234'],
    ['too long', '240290123490'],
    ['non-digits', '2402901234a'],
    ['spaces', '240290 12349'],
    ['empty', ''],
  ])('refuses %s', (_label, value) => {
    expect(parseNin(value)).toMatchObject({ ok: false, code: 'INVALID_NIN' });
  });

  it('refuses a day that does not exist (30 Feb) even with correct check digits', () => {
    const value = forceCheckDigits('300290123');
    expect(value).not.toBeNull();
    expect(parseNin(value!)).toMatchObject({
      ok: false,
      code: 'INVALID_NIN',
      message: expect.stringMatching(/real birth date/),
    });
  });

  it('knows leap years: 29 Feb 1988 is valid, 29 Feb 1989 is not', () => {
    const leap = makeNin('1988-02-29', 123) ?? makeNin('1988-02-29', 125);
    expect(parseNin(leap!)).toMatchObject({ ok: true, nin: { birthDate: '1988-02-29' } });
    const notLeap = forceCheckDigits('290289123') ?? forceCheckDigits('290289125');
    expect(parseNin(notLeap!)).toMatchObject({ ok: false, code: 'INVALID_NIN' });
  });

  it('refuses 29 Feb 1900 (not a leap year) but accepts 29 Feb 2000', () => {
    expect(parseNin(forceCheckDigits('290200123') ?? forceCheckDigits('290200124'))).toMatchObject({
      ok: false,
    });
    expect(makeNin('2000-02-29', 500) ?? makeNin('2000-02-29', 501)).toBeTruthy();
  });

  it('refuses an impossible century combination (individnummer 750–899 with year 40–99)', () => {
    const value = forceCheckDigits('010150800') ?? forceCheckDigits('010150801');
    expect(parseNin(value!)).toMatchObject({
      ok: false,
      code: 'INVALID_NIN',
      message: expect.stringMatching(/impossible/),
    });
  });

  it.each(['00', '13', '32', '40', '53', '80', '93'])('refuses month %s', (mm) => {
    const value = forceCheckDigits(`15${mm}85123`) ?? forceCheckDigits(`15${mm}85125`);
    expect(parseNin(value!)).toMatchObject({ ok: false, code: 'INVALID_NIN' });
  });

  it('refuses day 00, 32 and D-day 72', () => {
    for (const dd of ['00', '32', '72']) {
      const value = forceCheckDigits(`${dd}0385123`) ?? forceCheckDigits(`${dd}0385125`);
      expect(parseNin(value!)).toMatchObject({ ok: false, code: 'INVALID_NIN' });
    }
  });
});

describe('parseNin — identifiers that are not for the register', () => {
  it('reports a felles hjelpenummer (first digit 8 or 9) with valid check digits as NOT_A_REGISTER_ID', () => {
    for (const prefix of ['812345678', '912345670', '987654321']) {
      const value = forceCheckDigits(prefix) ?? forceCheckDigits(`${prefix.slice(0, 8)}9`);
      expect(parseNin(value!)).toMatchObject({
        ok: false,
        code: 'NOT_A_REGISTER_ID',
        message: expect.stringMatching(/FHN/),
      });
    }
  });

  it('treats an FHN-looking number with bad check digits as INVALID_NIN', () => {
    const value = forceCheckDigits('812345678')!;
    const broken = `${value.slice(0, 10)}${(Number(value[10]) + 1) % 10}`;
    expect(parseNin(broken)).toMatchObject({ ok: false, code: 'INVALID_NIN' });
  });

  it('reports generated H-numbers as NOT_A_REGISTER_ID, also when synthetic numbers are allowed', () => {
    const h = makeNin('1985-12-31', 123, { kind: 'HNR' }) ?? makeNin('1985-12-31', 124, { kind: 'HNR' });
    expect(h!.slice(2, 4)).toBe('52');
    expect(parseNin(h, { allowSynthetic: true })).toMatchObject({ ok: false, code: 'NOT_A_REGISTER_ID' });
  });

  it('refuses an H-number with an impossible date as INVALID_NIN', () => {
    const value = forceCheckDigits('314485123') ?? forceCheckDigits('314485125'); // 31 Apr
    expect(parseNin(value!)).toMatchObject({ ok: false, code: 'INVALID_NIN' });
  });
});

describe('parseNin — synthetic numbers (month + 80)', () => {
  const synthetic =
    makeNin('1985-03-15', 123, { synthetic: true }) ?? makeNin('1985-03-15', 125, { synthetic: true });

  it('refuses them by default', () => {
    expect(parseNin(synthetic)).toMatchObject({
      ok: false,
      code: 'INVALID_NIN',
      message: expect.stringMatching(/synthetic/),
    });
  });

  it('accepts them with allowSynthetic and reports the real birth date', () => {
    expect(parseNin(synthetic, { allowSynthetic: true })).toMatchObject({
      ok: true,
      nin: { kind: 'FNR', birthDate: '1985-03-15', synthetic: true },
    });
  });

  it('accepts synthetic D-numbers (day + 40, month + 80)', () => {
    const d =
      makeNin('2001-11-30', 600, { kind: 'DNR', synthetic: true }) ??
      makeNin('2001-11-30', 601, { kind: 'DNR', synthetic: true });
    expect(d!.slice(0, 4)).toBe('7091');
    expect(parseNin(d, { allowSynthetic: true })).toMatchObject({
      ok: true,
      nin: { kind: 'DNR', birthDate: '2001-11-30', synthetic: true },
    });
  });
});

describe('parseNin — the 2032 rule (§1.5)', () => {
  // A number whose k1 remainder is 2 and whose k2 is classic-correct.
  const relaxed = withK1Remainder('150385', 2);

  it('is off by default: remainders 1–3 on k1 fail', () => {
    expect(parseNin(relaxed)).toMatchObject({
      ok: false,
      code: 'INVALID_NIN',
      message: expect.stringMatching(/check digit 1/),
    });
  });

  it('when on, accepts k1 remainders 0–3 and reads sex as null for the relaxed numbers', () => {
    expect(parseNin(relaxed, { rule2032: true })).toMatchObject({
      ok: true,
      nin: { sex: null, birthDate: '1985-03-15' },
    });
    expect(parseNin('15038512363', { rule2032: true })).toMatchObject({ ok: true, nin: { sex: 'male' } });
  });

  it('when on, still refuses k1 remainder 4', () => {
    expect(parseNin(withK1Remainder('150385', 4), { rule2032: true })).toMatchObject({ ok: false });
  });

  it('keeps the classic k2 check unless rule2032AppliesToK2', () => {
    // 15038512364 has k2 remainder 1.
    expect(parseNin('15038512364', { rule2032: true })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/check digit 2/),
    });
    expect(parseNin('15038512364', { rule2032: true, rule2032AppliesToK2: true })).toMatchObject({
      ok: true,
      nin: { sex: null },
    });
  });
});

describe('makeNin round-trips through parseNin', () => {
  it('every issued FNR/DNR for a spread of birth dates parses back to its date, kind and sex', () => {
    const dates = [
      '1854-01-01',
      '1899-12-31',
      '1900-02-28',
      '1939-07-04',
      '1940-01-01',
      '1999-12-31',
      '2000-02-29',
      '2024-02-29',
      '2039-12-31',
    ];
    let checked = 0;
    for (const date of dates) {
      for (const [lo, hi] of individualRangesFor(Number(date.slice(0, 4)))) {
        for (let ind = lo; ind <= hi; ind += 7) {
          for (const kind of ['FNR', 'DNR'] as const) {
            const value = makeNin(date, ind, { kind });
            if (value === null) continue;
            const parsed = parseNin(value);
            expect(parsed).toEqual({
              ok: true,
              nin: { value, kind, birthDate: date, sex: ind % 2 === 1 ? 'male' : 'female', synthetic: false },
            });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('returns null exactly for the unusable individnummer of §1.1 (k1 = 10)', () => {
    expect(makeNin('2009-05-17', 532)).toBeNull();
    expect(makeNin('1990-02-24', 124)).toBeNull();
    expect(makeNin('1990-02-24', 123)).toBe('24029012349');
  });

  it('throws for an individnummer that cannot encode the birth year', () => {
    expect(() => makeNin('2009-05-17', 123)).toThrow(RangeError);
    expect(() => makeNin('1950-01-01', 800)).toThrow(RangeError);
    expect(() => makeNin('1990-02-30', 123)).toThrow(RangeError);
  });
});

/** Picks check digits for a 9-digit prefix (classic rule), or null when k1/k2 would be 10. */
function forceCheckDigits(prefix: string): string | null {
  for (let k = 0; k < 100; k++) {
    const value = `${prefix}${String(k).padStart(2, '0')}`;
    if (parseNin(value, { allowSynthetic: true }).ok || classicOk(value)) return value;
  }
  return null;
}

function classicOk(value: string): boolean {
  const d = Array.from(value, Number);
  const r1 = weightedRemainder(d, K1_WEIGHTS);
  const r2 = weightedRemainder(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1]);
  return r1 === 0 && r2 === 0;
}

/** A 11-digit number with the given k1 remainder and a classic-correct k2. */
function withK1Remainder(datePrefix: string, remainder: number): string {
  for (let ind = 100; ind < 200; ind++) {
    const found = completeWithK1Remainder(`${datePrefix}${ind}`, remainder);
    if (found) return found;
  }
  throw new Error(`no completion of the date prefix has k1 remainder ${remainder}`);
}

function completeWithK1Remainder(prefix: string, remainder: number): string | null {
  for (let k1 = 0; k1 < 10; k1++) {
    for (let k2 = 0; k2 < 10; k2++) {
      const value = `${prefix}${k1}${k2}`;
      const d = Array.from(value, Number);
      if (
        weightedRemainder(d, K1_WEIGHTS) === remainder &&
        weightedRemainder(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1]) === 0
      ) {
        return value;
      }
    }
  }
  return null;
}
