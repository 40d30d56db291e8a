import { nin } from '@flr/testing';
import { EXIT_USAGE, exitCodeOf } from './cli-errors';
import { InvalidNinError, validNin } from './nin-option';

describe('a NIN on the command line is checked as the API checks it', () => {
  const valid = nin('1990-02-24');

  it('accepts a valid fødselsnummer', () => {
    expect(validNin('--nin', valid, {})).toBe(valid);
  });

  it.each([
    ['a wrong check digit', `${valid.slice(0, 10)}${(Number(valid[10]) + 1) % 10}`, 'INVALID_NIN'],
    ['too few digits', valid.slice(0, 10), 'INVALID_NIN'],
    ['an H-nummer', nin('1985-03-15', 0, 'HNR'), 'NOT_A_REGISTER_ID'],
  ])('refuses %s as a usage error with its code, never echoing the number', (_case, value, code) => {
    let error: unknown;
    try {
      validNin('--nin', value, {});
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidNinError);
    expect((error as InvalidNinError).code).toBe(code);
    expect(exitCodeOf(error)).toBe(EXIT_USAGE);
    expect((error as Error).message).toMatch(new RegExp(`^${code}: --nin `));
    expect((error as Error).message).not.toContain(value);
  });
});
