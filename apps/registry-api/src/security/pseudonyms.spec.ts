import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@flr/application';
import { PSEUDONYM, Pseudonyms } from './pseudonyms';

describe('Pseudonyms', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'security-pseudonyms-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are letters only (never a digit run), per consumer, and differ from the audit pseudonym', () => {
    const p = new Pseudonyms(loadConfig({ FLR_DATA_DIR: dir }));
    for (let i = 0; i < 2000; i++) {
      const nin = String(10_000_000_000 + i * 4_999_999);
      const a = p.forConsumer('a', nin);
      expect(a).toMatch(PSEUDONYM);
      expect(a).not.toBe(p.forConsumer('b', nin));
      expect(a).not.toBe(p.forAudit(nin));
    }
  });

  it('keep a random key in the data folder (mode 0600) and stay stable across restarts', () => {
    const first = new Pseudonyms(loadConfig({ FLR_DATA_DIR: dir })).forConsumer('c', '24029012349');
    const key = join(dir, 'keys', 'pseudonym.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(new Pseudonyms(loadConfig({ FLR_DATA_DIR: dir })).forConsumer('c', '24029012349')).toBe(first);
    const other = mkdtempSync(join(tmpdir(), 'security-pseudonyms-'));
    try {
      expect(new Pseudonyms(loadConfig({ FLR_DATA_DIR: other })).forConsumer('c', '24029012349')).not.toBe(
        first,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('are HMAC-SHA-256 under the purpose key, as written before (audit lines stay searchable)', () => {
    const secret = 'k'.repeat(40);
    const p = new Pseudonyms(loadConfig({ FLR_DATA_DIR: dir, FLR_PSEUDONYM_SECRET: secret }));
    const expected = (purpose: string, nin: string) => {
      const key = createHmac('sha256', Buffer.from(secret, 'utf8')).update(purpose).digest();
      const digest = createHmac('sha256', key).update(nin).digest().subarray(0, 16);
      let out = 'ps_';
      for (const byte of digest) out += 'abcdefghijklmnop'[byte >> 4]! + 'abcdefghijklmnop'[byte & 15]!;
      return out;
    };
    for (let i = 0; i < 300; i++) {
      const nin = String(10_000_000_000 + i * 31_415_927);
      expect(p.forAudit(nin)).toBe(expected('audit', nin));
      expect(p.forConsumer('c1', nin)).toBe(expected('feed:c1', nin));
    }
  });

  it('use FLR_PSEUDONYM_SECRET when set, identically on every node', () => {
    const secret = 's'.repeat(40);
    const a = new Pseudonyms(loadConfig({ FLR_DATA_DIR: dir, FLR_PSEUDONYM_SECRET: secret }));
    const b = new Pseudonyms(loadConfig({ FLR_DATA_DIR: join(dir, 'other'), FLR_PSEUDONYM_SECRET: secret }));
    expect(a.forConsumer('x', '24029012349')).toBe(b.forConsumer('x', '24029012349'));
  });

  it('replace every …Nin field of a feed event, nested ones too', () => {
    const p = new Pseudonyms(loadConfig({ FLR_DATA_DIR: dir }));
    const out = p.pseudonymiseFeedData('c', {
      oldNin: '24029012349',
      newNin: '15038512346',
      nested: [{ patientNin: '24029012349' }],
      hpr: 1234567,
    });
    expect(out).toEqual({
      oldNin: p.forConsumer('c', '24029012349'),
      newNin: p.forConsumer('c', '15038512346'),
      nested: [{ patientNin: p.forConsumer('c', '24029012349') }],
      hpr: 1234567,
    });
  });
});
