import { MapRowStore } from '../test/thread-definitions';
import { RowHold } from './row-hold';

describe("RowHold (a first build's rows held across its batches)", () => {
  it('holds only keys [prefix, id string]', () => {
    const hold = new RowHold('xp', new MapRowStore());
    expect(hold.idOf(['xp', 'a'])).toBe('a');
    expect(hold.idOf(['xp', 1])).toBeUndefined();
    expect(hold.idOf(['xp', 'a', 'b'])).toBeUndefined();
    expect(hold.idOf(['xq', 'a'])).toBeUndefined();
    expect(hold.idOf('xp')).toBeUndefined();
  });

  it('says which ranges may meet held keys', () => {
    const hold = new RowHold('xp', new MapRowStore());
    expect(hold.meets({})).toBe(true);
    expect(hold.meets({ start: ['xp'], end: ['xp', '\uffff'] })).toBe(true);
    expect(hold.meets({ start: ['xa'], end: ['xz'] })).toBe(true);
    expect(hold.meets({ start: ['xm', '0301'], end: ['xm', '0301', '\uffff'] })).toBe(false);
    expect(hold.meets({ start: ['z'] })).toBe(false);
    expect(hold.meets({ end: ['xa'] })).toBe(false);
    expect(hold.meets({ start: 1, end: 5 })).toBe(false);
  });

  it('takes bytes only, and puts back what a revoked batch changed', () => {
    const rows = new MapRowStore();
    const hold = new RowHold('xp', rows);
    hold.begin();
    hold.put('a', Uint8Array.of(1));
    hold.put('b', Uint8Array.of(2));
    hold.keep();
    expect(() => hold.put('a', { nin: '1' })).toThrow(/held as bytes/);

    hold.begin();
    hold.put('a', Uint8Array.of(3));
    hold.put('a', Uint8Array.of(4));
    hold.remove('b');
    hold.put('c', Uint8Array.of(5));
    expect([...rows.entries()]).toEqual([
      ['a', Uint8Array.of(4)],
      ['c', Uint8Array.of(5)],
    ]);
    hold.revoke();
    expect([...rows.entries()]).toEqual([
      ['a', Uint8Array.of(1)],
      ['b', Uint8Array.of(2)],
    ]);
    // Kept changes stay.
    hold.begin();
    hold.remove('a');
    hold.keep();
    hold.revoke();
    expect([...rows.entries()]).toEqual([['b', Uint8Array.of(2)]]);
  });
});
