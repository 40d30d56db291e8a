import { rng as random } from '../testing/random-history';
import { CompactRowStore } from './held-row-store';

const uuid = (next: () => number): string => {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
};

const bytes = (next: () => number, length: number): Uint8Array =>
  Uint8Array.from({ length }, () => Math.floor(next() * 256));

describe('CompactRowStore (rows a first build holds in memory)', () => {
  it('answers as a Map of copies through sets that grow, shrink, move and delete rows, across compactions', () => {
    const next = random(20261207);
    // Small chunks, so rows moving out of their room abandon enough bytes to compact many times.
    const store = new CompactRowStore(4096);
    const model = new Map<string, Uint8Array>();
    const ids = [
      ...Array.from({ length: 300 }, () => uuid(next)),
      // Ids that are not lowercase uuids are held by their text.
      'person-1',
      'ABCDEF00-0000-4000-8000-000000000000',
      '',
    ];
    let compacted = 0;
    let arena = 0;
    for (let step = 0; step < 20_000; step++) {
      const id = ids[Math.floor(next() * ids.length)]!;
      if (next() < 0.1) {
        store.delete(id);
        model.delete(id);
      } else {
        const row = bytes(next, 1 + Math.floor(next() * (next() < 0.05 ? 600 : 120)));
        store.set(id, row);
        // The store copies: changing the given bytes afterwards changes nothing held.
        const kept = row.slice();
        row.fill(0);
        model.set(id, kept);
      }
      if (store.arenaBytes < arena) compacted++;
      arena = store.arenaBytes;
      if (step % 997 === 0) {
        for (const each of ids) expect(store.get(each)).toEqual(model.get(each));
      }
    }
    expect(compacted).toBeGreaterThan(0);
    expect(store.size).toBe(model.size);
    for (const id of ids) expect(store.get(id)).toEqual(model.get(id));
    // The arena stays within about twice the live bytes (rows' room is at most 1.25 × + 8 of their length).
    const live = [...model.values()].reduce((sum, row) => sum + row.length, 0);
    expect(store.arenaBytes).toBeLessThanOrEqual(2 * (1.25 * live + 8 * model.size) + 3 * 4096);
  });

  it('answers as a Map when one id is read, put and read again in a row (as a build touches a person)', () => {
    const next = random(20261208);
    const store = new CompactRowStore(4096);
    const model = new Map<string, Uint8Array>();
    const ids = [...Array.from({ length: 50 }, () => uuid(next)), 'person-1', ''];
    // A fresh store's first id may be any text, the empty one included.
    expect(store.get('')).toBeUndefined();
    store.set('', Uint8Array.of(7));
    model.set('', Uint8Array.of(7));
    let id = '';
    for (let step = 0; step < 5_000; step++) {
      if (next() < 0.3) id = ids[Math.floor(next() * ids.length)]!;
      expect(store.get(id)).toEqual(model.get(id));
      if (next() < 0.1) {
        store.delete(id);
        model.delete(id);
      } else {
        const row = bytes(next, 1 + Math.floor(next() * 200));
        store.set(id, row);
        model.set(id, row.slice());
      }
      expect(store.get(id)).toEqual(model.get(id));
    }
    expect(store.size).toBe(model.size);
    for (const each of ids) expect(store.get(each)).toEqual(model.get(each));
  });

  it('reads every row back in key order: uuids as their text sorts, then the other ids', () => {
    const next = random(7);
    const store = new CompactRowStore();
    const model = new Map<string, Uint8Array>();
    for (let i = 0; i < 2000; i++) {
      const id = i % 500 === 0 ? `text-${i}` : uuid(next);
      const row = bytes(next, 5 + (i % 40));
      store.set(id, row);
      model.set(id, row);
    }
    const gone = [...model.keys()].filter((_, i) => i % 3 === 0);
    for (const id of gone) {
      store.delete(id);
      model.delete(id);
    }
    const entries = [...store.entries()].map(([id, row]) => [id, row.slice()] as const);
    expect(entries).toHaveLength(model.size);
    expect(new Map(entries)).toEqual(model);
    const uuids = entries.map(([id]) => id).filter((id) => !id.startsWith('text-'));
    expect(uuids).toEqual([...uuids].sort());
    expect(entries.slice(uuids.length).every(([id]) => id.startsWith('text-'))).toBe(true);
  });

  it('refuses a row longer than a chunk, holding nothing of it', () => {
    const store = new CompactRowStore(64);
    expect(() => store.set('a', new Uint8Array(65))).toThrow(/65 bytes is over 64/);
    expect(store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
    store.set('a', new Uint8Array(64).fill(7));
    expect(store.get('a')).toEqual(new Uint8Array(64).fill(7));
  });
});
