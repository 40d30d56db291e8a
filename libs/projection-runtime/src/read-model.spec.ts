import { ReadModelStorage } from './storage';
import { LmdbReadModelTx } from './read-model';
import { holdFor } from './row-hold';
import { tempDir } from '../test/fixtures';

describe('the transaction handle evolve gets (LmdbReadModelTx)', () => {
  let dir: { path: string; cleanup(): void };
  let storage: ReadModelStorage;
  beforeEach(() => {
    dir = tempDir();
    storage = ReadModelStorage.open(dir.path, 4);
  });
  afterEach(async () => {
    await storage.close();
    dir.cleanup();
  });

  it("asks each part of a group's hold for its keys: held rows stay in memory, the others reach the store", () => {
    const db = storage.readModel('rows');
    const hold = holdFor({
      name: 'p',
      version: 1,
      writeBack: true,
      holdInFirstBuild: [{ prefixes: ['xa'] }, { prefixes: ['xb'] }],
      evolve: () => undefined,
    })!;
    expect(hold.parts.length).toBe(2);
    storage.transact(() => {
      hold.begin();
      const tx = new LmdbReadModelTx(db, true, hold);
      tx.put(['xa', 'p1'], 'a');
      tx.put(['xb', 'p1'], 'b');
      tx.put(['xb', 'p2'], 'gone');
      tx.remove(['xb', 'p2']);
      tx.put(['xc', 'p1'], 'c');
      expect([
        tx.get(['xa', 'p1']),
        tx.get(['xb', 'p1']),
        tx.get(['xb', 'p2']),
        tx.get(['xc', 'p1']),
      ]).toEqual(['a', 'b', undefined, 'c']);
      tx.flush();
      hold.keep();
    });
    // Only the key no part holds reached the store; each part holds its own.
    expect([...db.getRange({})].map(({ key }) => key)).toEqual([['xc', 'p1']]);
    expect(hold.parts.map((part) => part.size)).toEqual([1, 1]);
  });

  it('write-back holds the rows of a batch and writes the changed ones once, at the flush', () => {
    const db = storage.readModel('rows');
    storage.transact(() => db.putSync(['p', 'a'], { n: 1 }));
    let stored: unknown[] = [];
    storage.transact(() => {
      const tx = new LmdbReadModelTx(db, true);
      const row = tx.get<{ n: number }>(['p', 'a'])!;
      row.n = 2;
      tx.put(['p', 'a'], row);
      expect(tx.get(['p', 'a'])).toBe(row); // the same object, not a decoded copy
      expect(db.get(['p', 'a'])).toEqual({ n: 1 }); // not written yet
      tx.put(['p', 'b'], { n: 5 });
      tx.remove(['p', 'b']);
      tx.put(['p', 1], 'number');
      expect(tx.get(['p', '1'])).toBeUndefined(); // 1 and '1' are two keys
      tx.flush();
      stored = [...db.getRange({})].map(({ key, value }) => [key, value]);
    });
    expect(stored).toEqual([
      [['p', 1], 'number'],
      [['p', 'a'], { n: 2 }],
    ]);
  });

  it('write-back writes the held rows before a range, so a scan sees every write of the batch', () => {
    const db = storage.readModel('rows');
    storage.transact(() => {
      const tx = new LmdbReadModelTx(db, true);
      tx.put(['m', '0301', 'c1'], 1);
      tx.put(['m', '0301', 'c2'], 1);
      tx.remove(['m', '0301', 'c1']);
      const keys = [...tx.range({ start: ['m', '0301'], end: ['m', '0301', '\uffff'] })].map((r) => r.key);
      expect(keys).toEqual([['m', '0301', 'c2']]);
    });
  });

  it('without write-back every put is written at once', () => {
    const db = storage.readModel('rows');
    storage.transact(() => {
      const tx = new LmdbReadModelTx(db);
      tx.put('k', { v: 1 });
      expect(db.get('k')).toEqual({ v: 1 });
    });
  });

  it('append puts after the last key and refuses a key that is not after every key', () => {
    const db = storage.readModel('rows');
    storage.transact(() => {
      const tx = new LmdbReadModelTx(db, true);
      tx.put(['x', 'state'], 1);
      tx.flush();
      tx.append(['z', '01', 0], 'first');
      tx.append(['z', '01', 1], 'second');
      expect(() => tx.append(['z', '01', 0], 'again')).toThrow(/not after every key/);
      expect(() => tx.append(['y', 'before'], 'early')).toThrow(/not after every key/);
      tx.put(['x', 'later'], 2); // a lower key still goes in by put
      tx.flush();
    });
    expect([...db.getRange({})].map(({ key, value }) => [key, value])).toEqual([
      [['x', 'later'], 2],
      [['x', 'state'], 1],
      [['z', '01', 0], 'first'],
      [['z', '01', 1], 'second'],
    ]);
  });

  it('append stores the value as it is at the call: a later change to the object is not stored', () => {
    const db = storage.readModel('rows');
    const body = { period: { from: '2024-01-01', to: null as string | null } };
    storage.transact(() => {
      const tx = new LmdbReadModelTx(db, true);
      tx.append(['z', '01', 0], [0, 1, body]);
      body.period.to = '2024-02-01';
      tx.append(['z', '01', 1], [0, 1, body]);
    });
    expect([...db.getRange({})].map(({ value }) => value)).toEqual([
      [0, 1, { period: { from: '2024-01-01', to: null } }],
      [0, 1, { period: { from: '2024-01-01', to: '2024-02-01' } }],
    ]);
  });
});
