import { createHash, createHmac } from 'node:crypto';

/**
 * HMAC-SHA-256 (RFC 2104, FIPS 180-4) under one fixed key, for short ASCII messages such as an
 * identity number: the key's inner and outer pad blocks are compressed once, so a message of at
 * most 55 ASCII characters costs two compressions in plain JavaScript (about 0.6 µs here), where
 * node:crypto's `createHmac` sets up an OpenSSL context per call (about 3 µs alone, 9 µs in the
 * HTTP server under load). Any other message goes through node:crypto, so every result is the
 * standard HMAC-SHA-256 (hmac-sha256.spec.ts checks it against node:crypto on random keys and
 * messages). Not constant-time: it keys pseudonyms, it never compares secrets.
 */
export class HmacSha256 {
  private readonly inner: Int32Array;
  private readonly outer: Int32Array;
  private readonly state = new Int32Array(8);
  private readonly block = new Int32Array(16);

  constructor(private readonly key: Uint8Array) {
    // A key longer than a block is hashed first (RFC 2104 §2); node:crypto does that for the fallback.
    const k = key.length > 64 ? createHash('sha256').update(key).digest() : key;
    this.inner = padState(k, 0x36);
    this.outer = padState(k, 0x5c);
  }

  /**
   * The first 16 bytes of HMAC-SHA-256(key, message), as four big-endian 32-bit words written into
   * `out` (the message as UTF-8).
   */
  digest128(message: string, out: Int32Array): void {
    const n = message.length;
    if (n > 55 || !ascii(message)) {
      const d = createHmac('sha256', this.key).update(message, 'utf8').digest();
      for (let i = 0; i < 4; i++) out[i] = d.readInt32BE(i * 4);
      return;
    }
    const { state, block } = this;
    // Inner hash: (key ^ ipad) is already compressed; one block holds the message, 0x80 and the length.
    state.set(this.inner);
    block.fill(0);
    for (let i = 0; i < n; i++) block[i >> 2]! |= message.charCodeAt(i) << (24 - 8 * (i & 3));
    block[n >> 2]! |= 0x80 << (24 - 8 * (n & 3));
    block[15] = (64 + n) * 8;
    compress(state, block);
    // Outer hash: (key ^ opad) compressed; one block holds the inner digest, 0x80 and the length.
    for (let i = 0; i < 8; i++) block[i] = state[i]!;
    block[8] = 0x80000000;
    for (let i = 9; i < 15; i++) block[i] = 0;
    block[15] = (64 + 32) * 8;
    state.set(this.outer);
    compress(state, block);
    for (let i = 0; i < 4; i++) out[i] = state[i]!;
  }
}

function ascii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The SHA-256 state after compressing one block of (key padded with zeros) ^ pad. */
function padState(key: Uint8Array, pad: number): Int32Array {
  const state = new Int32Array(IV);
  const block = new Int32Array(16);
  for (let i = 0; i < 16; i++) {
    let word = 0;
    for (let j = 0; j < 4; j++) {
      const k = i * 4 + j;
      word = (word << 8) | (((k < key.length ? key[k]! : 0) ^ pad) & 0xff);
    }
    block[i] = word;
  }
  compress(state, block);
  return state;
}

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const W = new Int32Array(64);

/** One SHA-256 compression of a 16-word block into `state` (FIPS 180-4 §6.2.2). */
function compress(state: Int32Array, block: Int32Array): void {
  for (let i = 0; i < 16; i++) W[i] = block[i]!;
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}
