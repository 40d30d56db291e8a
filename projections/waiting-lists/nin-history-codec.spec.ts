import { pack } from 'msgpackr';
import { rng as random } from '../testing/random-history';
import { decodeNinHistory, encodeNinHistory, type NinHistory } from './nin-history-codec';

describe('the waiting lists nin row codec', () => {
  it('reads a registration and a nin change back exactly, smaller than msgpack', () => {
    const history: NinHistory = [
      { nin: '05910700016', recordedAt: 1_000_000_123.5 },
      { nin: '45910700016', recordedAt: Date.UTC(2024, 1, 29, 23, 59, 59, 999) },
    ];
    const bytes = encodeNinHistory(history);
    expect(decodeNinHistory(bytes)).toEqual(history);
    expect(bytes.length).toBeLessThan(pack(history).length);
    expect(decodeNinHistory(encodeNinHistory([]))).toEqual([]);
  });

  it('reads any text and any record time back exactly (2,000 seeded histories)', () => {
    const next = random(11);
    const text = () =>
      String.fromCodePoint(
        ...Array.from({ length: Math.floor(next() * 20) }, () =>
          next() < 0.7 ? 48 + Math.floor(next() * 10) : 0x20 + Math.floor(next() * 0x2fff),
        ),
      );
    for (let i = 0; i < 2000; i++) {
      const history: NinHistory = Array.from({ length: Math.floor(next() * 4) }, () => ({
        nin: text(),
        recordedAt: next() < 0.1 ? -next() * 1e12 : Math.floor(next() * 2e12) + (next() < 0.2 ? 0.25 : 0),
      }));
      expect(decodeNinHistory(encodeNinHistory(history))).toEqual(history);
    }
  });

  it('reads a view into a larger buffer (as a held row is handed out)', () => {
    const bytes = encodeNinHistory([{ nin: '05910700016', recordedAt: 42 }]);
    const arena = new Uint8Array(bytes.length + 20);
    arena.set(bytes, 7);
    expect(decodeNinHistory(arena.subarray(7, 7 + bytes.length))).toEqual([
      { nin: '05910700016', recordedAt: 42 },
    ]);
  });

  it('refuses bytes of another format, cut short, or with bytes after the last nin', () => {
    const bytes = encodeNinHistory([{ nin: '05910700016', recordedAt: 42 }]);
    expect(() => decodeNinHistory(Buffer.from([2, 0, 0]))).toThrow('in format 2, not 1');
    expect(() => decodeNinHistory(bytes.subarray(0, bytes.length - 1))).toThrow('cut short');
    expect(() => decodeNinHistory(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(
      'bytes after its last nin',
    );
  });
});
