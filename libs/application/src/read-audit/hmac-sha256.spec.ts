import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { HmacSha256 } from './hmac-sha256';

/** The first 16 bytes of node:crypto's HMAC-SHA-256 as four big-endian signed words. */
function reference(key: Uint8Array, message: string): number[] {
  const d = createHmac('sha256', key).update(message, 'utf8').digest();
  return [0, 1, 2, 3].map((i) => d.readInt32BE(i * 4));
}

function ours(key: Uint8Array, message: string): number[] {
  const out = new Int32Array(4);
  new HmacSha256(key).digest128(message, out);
  return [...out];
}

describe('HmacSha256', () => {
  it('matches node:crypto on identity-number-like messages under a 32-byte key', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.stringMatching(/^[0-9]{11}$/),
        (key, nin) => {
          expect(ours(key, nin)).toEqual(reference(key, nin));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('matches node:crypto for any key length (long keys hashed first) and any message (ASCII, long, non-ASCII)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 150 }),
        fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 })),
        (key, message) => {
          expect(ours(key, message)).toEqual(reference(key, message));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('matches node:crypto at every ASCII length around the one-block limit (55 and 56 characters)', () => {
    const key = Buffer.from('a key of thirty-two bytes, more..', 'utf8');
    const digester = new HmacSha256(key);
    const out = new Int32Array(4);
    for (let n = 0; n <= 70; n++) {
      const message = 'x'.repeat(n);
      digester.digest128(message, out);
      expect([...out]).toEqual(reference(key, message));
    }
  });
});
