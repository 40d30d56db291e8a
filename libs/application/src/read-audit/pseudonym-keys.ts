import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../config';
import { HmacSha256 } from './hmac-sha256';

/**
 * A keyed pseudonym: `ps_` and 32 letters a-p (128 bits of HMAC-SHA-256, one letter a nibble).
 * Letters only, so a pseudonym can never contain a run of digits that looks like an identity number.
 */
export const PSEUDONYM = /^ps_[a-p]{32}$/;

/**
 * Keyed pseudonyms of national identity numbers. One register secret (FLR_PSEUDONYM_SECRET, or a
 * random key created once in `<dataDir>/keys/pseudonym.key`) derives a separate key per purpose:
 * one per feed consumer (two consumers cannot join their pseudonyms) and one for the audit log.
 * Pseudonyms are stable across restarts, so a consumer can follow one person over time.
 */
export class PseudonymKeys {
  private readonly secret: Buffer;
  private readonly keys = new Map<string, HmacSha256>();
  private readonly digest = new Int32Array(4);

  /** The register's key: `pseudonymSecret` when set, else the key file of `dataDir` (created once). */
  constructor(config: Pick<AppConfig, 'dataDir' | 'pseudonymSecret'>) {
    this.secret = config.pseudonymSecret
      ? Buffer.from(config.pseudonymSecret, 'utf8')
      : loadOrCreateKey(join(config.dataDir, 'keys', 'pseudonym.key'));
  }

  /** The pseudonym of `nin` as feed consumer `consumer` sees it. */
  forConsumer(consumer: string, nin: string): string {
    return this.pseudonym(`feed:${consumer}`, nin);
  }

  /** The pseudonym the audit log keeps instead of `nin`. */
  forAudit(nin: string): string {
    return this.pseudonym('audit', nin);
  }

  /** A copy of a feed event's data with every `…Nin` field replaced by the consumer's pseudonym. */
  pseudonymiseFeedData<T>(consumer: string, data: T): T {
    return replaceNins(data, (nin) => this.forConsumer(consumer, nin)) as T;
  }

  private pseudonym(purpose: string, nin: string): string {
    let key = this.keys.get(purpose);
    if (!key) {
      // The purpose's key once: its HMAC pads are compressed once, not on every pseudonym.
      key = new HmacSha256(createHmac('sha256', this.secret).update(purpose).digest());
      this.keys.set(purpose, key);
    }
    const digest = this.digest;
    key.digest128(nin, digest);
    let out = 'ps_';
    for (let i = 0; i < 4; i++) {
      const word = digest[i]!;
      for (let shift = 28; shift >= 0; shift -= 4) out += NIBBLE[(word >>> shift) & 15];
    }
    return out;
  }
}

const NIBBLE = 'abcdefghijklmnop';

function replaceNins(value: unknown, replace: (nin: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceNins(v, replace));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (/nin$/i.test(k) && typeof v === 'string' && v !== '') out[k] = replace(v);
    else out[k] = replaceNins(v, replace);
  }
  return out;
}

function loadOrCreateKey(path: string): Buffer {
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length < 32)
      throw new Error(`${path} must hold at least 32 bytes of base64; delete it to create a new key`);
    return key;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}
