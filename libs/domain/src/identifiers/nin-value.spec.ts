import { ninValue } from './nin-value';

describe('ninValue', () => {
  it('reads 11 digits as the number they spell, leading zeros included', () => {
    expect(ninValue('01017012345')).toBe(1017012345);
    expect(ninValue('31129956789')).toBe(31129956789);
    expect(ninValue('00000000000')).toBe(0);
  });

  it('agrees with Number() on random 11-digit texts', () => {
    let seed = 12345;
    for (let k = 0; k < 2_000; k++) {
      let text = '';
      for (let i = 0; i < 11; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += String(seed % 10);
      }
      expect(ninValue(text)).toBe(Number(text));
    }
  });

  it.each([
    '1017012345',
    '010170123456',
    '',
    ' 1017012345',
    '01017012345 ',
    '0101701234a',
    '1e101234567',
    '0x101701234',
    '-1017012345',
    '+1017012345',
    '0101701234.',
  ])('refuses %j with -1 (Number() would read some of these)', (text) => {
    expect(ninValue(text)).toBe(-1);
  });
});
