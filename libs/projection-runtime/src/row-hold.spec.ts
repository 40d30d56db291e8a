import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { MapRowStore } from '../test/thread-definitions';
import { HoldGroup, holdFor, ObjectRowHold, RowHold } from './row-hold';
import type { Key } from './types';

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

describe("ObjectRowHold (a first build's rows held as objects)", () => {
  it('holds keys of two or more parts under its prefixes, and no other', () => {
    const hold = new ObjectRowHold(['wq', 'wh']);
    expect(hold.idOf(['wq', 'c1', '2020-01-01', 'p1'])).toBeDefined();
    expect(hold.idOf(['wh', 'c1'])).toBeDefined();
    expect(hold.idOf(['wq', 'c1', 7])).toBeDefined();
    expect(hold.idOf(['wq', 'c1', 7])).not.toBe(hold.idOf(['wq', 'c1', '7']));
    expect(hold.idOf(['wq'])).toBeUndefined();
    expect(hold.idOf(['wp', 'p1'])).toBeUndefined();
    expect(hold.idOf('wq')).toBeUndefined();
    // A part the id cannot carry is left to the read model.
    expect(hold.idOf(['wq', 'a\u0001b'])).toBeUndefined();
    expect(() => new ObjectRowHold([])).toThrow(/at least one prefix/);
  });

  it('says which ranges may meet held keys', () => {
    const hold = new ObjectRowHold(['wq', 'wh']);
    expect(hold.meets({})).toBe(true);
    expect(hold.meets({ start: ['wh', 'c1'], end: ['wh', 'c1', '\uffff'] })).toBe(true);
    expect(hold.meets({ start: ['wq'], end: ['wq', '\uffff'] })).toBe(true);
    expect(hold.meets({ start: ['pn'], end: ['pn', '\uffff'] })).toBe(false);
    expect(hold.meets({ start: ['wi'], end: ['wp'] })).toBe(false);
    expect(hold.meets({ start: ['a'], end: ['z'] })).toBe(true);
  });

  it('puts back what a revoked batch changed, and freezes what it holds', () => {
    const hold = new ObjectRowHold(['w']);
    const a = hold.idOf(['w', 'a'])!;
    const b = hold.idOf(['w', 'b'])!;
    const c = hold.idOf(['w', 'c'])!;
    hold.begin();
    hold.put(a, { n: 1 });
    hold.put(b, { n: 2 });
    hold.keep();
    const held = hold.get(a) as { n: number };
    expect(Object.isFrozen(held)).toBe(true);
    expect(() => {
      held.n = 5;
    }).toThrow(TypeError);

    hold.begin();
    hold.put(a, { n: 3 });
    hold.put(a, { n: 4 });
    hold.remove(b);
    hold.put(c, 5);
    expect([hold.get(a), hold.get(b), hold.get(c), hold.size]).toEqual([{ n: 4 }, undefined, 5, 2]);
    hold.revoke();
    expect([hold.get(a), hold.get(b), hold.get(c), hold.size]).toEqual([{ n: 1 }, { n: 2 }, undefined, 2]);
    // Kept changes stay.
    hold.begin();
    hold.remove(a);
    hold.keep();
    hold.revoke();
    expect([hold.get(a), hold.size]).toEqual([undefined, 1]);
    expect(() => hold.put(a, undefined)).toThrow(/cannot be undefined/);
  });

  it('writes every held row under its key, text and number parts as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'object-hold-'));
    const env = open({ path: dir, maxDbs: 4 });
    try {
      const db = env.openDB<unknown, Key>({ name: 'rows' });
      const hold = new ObjectRowHold(['wq', 'wc']);
      const keys: Key[] = [
        ['wq', 'c2', '2024-01-01', 'p9'],
        ['wq', 'c1', 12, 'p1'],
        ['wc', 'c1'],
        ['wq', 'c1', '12'],
      ];
      for (const [i, key] of keys.entries()) hold.put(hold.idOf(key)!, { i });
      hold.put(hold.idOf(['wc', 'gone'])!, 1);
      hold.remove(hold.idOf(['wc', 'gone'])!);
      expect(env.transactionSync(() => hold.writeTo(db))).toBe(4);
      const written = [...db.getRange()].map(({ key, value }) => [key, value]);
      expect(written).toEqual([
        [['wc', 'c1'], { i: 2 }],
        [['wq', 'c1', 12, 'p1'], { i: 1 }],
        [['wq', 'c1', '12'], { i: 3 }],
        [['wq', 'c2', '2024-01-01', 'p9'], { i: 0 }],
      ]);
    } finally {
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what holdFor gives a definition that holds prefixes, and only with writeBack', () => {
    const evolve = () => undefined;
    expect(
      holdFor({ name: 'p', version: 1, writeBack: true, holdInFirstBuild: { prefixes: ['w'] }, evolve }),
    ).toBeInstanceOf(ObjectRowHold);
    expect(() => holdFor({ name: 'p', version: 1, holdInFirstBuild: { prefixes: ['w'] }, evolve })).toThrow(
      /needs writeBack/,
    );
    expect(
      holdFor({
        name: 'p',
        version: 1,
        holdInFirstBuild: { prefix: 'x', create: () => new MapRowStore() },
        evolve,
      }),
    ).toBeInstanceOf(RowHold);
    expect(holdFor({ name: 'p', version: 1, evolve })).toBeUndefined();
  });
});

describe('HoldGroup (several kinds of rows held by one first build)', () => {
  const evolve = () => undefined;
  const group = () =>
    holdFor({
      name: 'p',
      version: 1,
      writeBack: true,
      holdInFirstBuild: [{ prefix: 'xp', create: () => new MapRowStore() }, { prefixes: ['xw'] }],
      evolve,
    })!;

  it('routes each key to its hold, and refuses a prefix held twice', () => {
    const hold = group();
    expect(hold).toBeInstanceOf(HoldGroup);
    const person = hold.idOf(['xp', 'p1'])!;
    const waiting = hold.idOf(['xw', 'p1'])!;
    expect(person).not.toBe(waiting);
    expect(hold.idOf(['xc', 'c1'])).toBeUndefined();
    hold.begin();
    hold.put(person, Uint8Array.of(1));
    hold.put(waiting, 'c1');
    hold.keep();
    expect([hold.get(person), hold.get(waiting), hold.size]).toEqual([Uint8Array.of(1), 'c1', 2]);
    expect(() => hold.put(waiting.replace(/^./, '9'), 'x')).toThrow(/no held rows/);
    expect(hold.described).toBe("rows under 'xp'; rows under 'xw'");
    expect(hold.meets({ start: ['xw'], end: ['xw', '\uffff'] })).toBe(true);
    expect(hold.meets({ start: ['xc'], end: ['xc', '\uffff'] })).toBe(false);
    expect(() =>
      holdFor({
        name: 'p',
        version: 1,
        writeBack: true,
        holdInFirstBuild: [{ prefix: 'xp', create: () => new MapRowStore() }, { prefixes: ['xw', 'xp'] }],
        evolve,
      }),
    ).toThrow("p: rows under 'xp' are held twice");
  });

  it('revokes every hold of a failed batch and writes every hold at the end', async () => {
    const hold = group();
    const person = hold.idOf(['xp', 'p1'])!;
    const waiting = hold.idOf(['xw', 'p1'])!;
    hold.begin();
    hold.put(person, Uint8Array.of(1));
    hold.keep();
    hold.begin();
    hold.put(person, Uint8Array.of(2));
    hold.put(waiting, 'c1');
    hold.revoke();
    expect([hold.get(person), hold.get(waiting), hold.size]).toEqual([Uint8Array.of(1), undefined, 1]);
    hold.begin();
    hold.put(waiting, 'c2');
    hold.keep();
    const dir = mkdtempSync(join(tmpdir(), 'hold-group-'));
    const env = open({ path: dir, maxDbs: 4 });
    try {
      const db = env.openDB<unknown, Key>({ name: 'rows', encoding: 'binary' });
      expect(env.transactionSync(() => hold.writeTo(db))).toBe(2);
      expect([...db.getRange()].map(({ key }) => key)).toEqual([
        ['xp', 'p1'],
        ['xw', 'p1'],
      ]);
    } finally {
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
