import { isValidHpr } from './hpr';
import { isValidOrgNo, makeOrgNo } from './org-no';

describe('isValidOrgNo (§1.7)', () => {
  it.each(['974760673', '923609016', '889640782'])('accepts the registered organisation number %s', (v) => {
    expect(isValidOrgNo(v)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '974760674'],
    ['8 digits', '97476067'],
    ['10 digits', '9747606730'],
    ['letters', '97476067a'],
    ['a number type', 974760673],
    ['null', null],
  ])('refuses %s', (_label, v) => {
    expect(isValidOrgNo(v)).toBe(false);
  });

  it('round-trips makeOrgNo and never issues a check digit 10', () => {
    let issued = 0;
    let unusable = 0;
    for (let p = 10000000; p < 10002000; p++) {
      const org = makeOrgNo(String(p));
      if (org === null) {
        unusable++;
        for (let k = 0; k < 10; k++) expect(isValidOrgNo(`${p}${k}`)).toBe(false);
      } else {
        issued++;
        expect(isValidOrgNo(org)).toBe(true);
      }
    }
    expect(issued).toBeGreaterThan(1500);
    expect(unusable).toBeGreaterThan(50);
  });
});

describe('isValidHpr (§1.6)', () => {
  it.each([1, 9144889, 123456789, '9144889'])('accepts %p', (v) => expect(isValidHpr(v)).toBe(true));
  it.each([0, -5, 1.5, Number.NaN, 2 ** 31, '', '0123', 'abc', null, undefined])('refuses %p', (v) =>
    expect(isValidHpr(v)).toBe(false),
  );
});
