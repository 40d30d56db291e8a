import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKUP_ATTEMPTS, copyOnce, takeVerifiedCopy } from './backup';
import { openEmbeddedEventStore } from './embedded-event-store';
import { openDatabases } from './lmdb-env';
import { verifyDatabases } from './log-verify';

/** A copy step whose first `torn` copies lose position 3 (as a torn LMDB copy loses a commit's events). */
function tearing(torn: number) {
  let calls = 0;
  const copy = async (source: string, target: string) => {
    calls++;
    const sound = await copyOnce(source, target);
    if (calls > torn) return sound;
    const dbs = openDatabases(target);
    try {
      await dbs.log.remove(3);
      return verifyDatabases(dbs);
    } finally {
      await dbs.env.close();
    }
  };
  return { copy, calls: () => calls };
}

describe('a backup of the embedded store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flr-backup-attempts-'));
    const store = await openEmbeddedEventStore({ path: join(dir, 'source') });
    for (let n = 0; n < 6; n++)
      await store.appendToStream(`s-${n % 2}`, [
        { id: `00000000-0000-4000-8000-00000000002${n}`, type: 'A', data: { n } },
      ]);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the copy again when it does not verify, and keeps the sound one', async () => {
    const step = tearing(1);
    const backup = await takeVerifiedCopy(join(dir, 'source'), join(dir, 'again'), step.copy);
    expect(step.calls()).toBe(2);
    expect(backup).toMatchObject({ attempts: 2, head: 6, events: 6, problems: [] });
    const kept = openDatabases(join(dir, 'again'));
    try {
      expect(verifyDatabases(kept).problems).toEqual([]);
    } finally {
      await kept.env.close();
    }
  });

  it(`reports a copy still unsound after ${BACKUP_ATTEMPTS} attempts with its problems`, async () => {
    const step = tearing(Number.POSITIVE_INFINITY);
    const backup = await takeVerifiedCopy(join(dir, 'source'), join(dir, 'never'), step.copy);
    expect(step.calls()).toBe(BACKUP_ATTEMPTS);
    expect(backup.attempts).toBe(BACKUP_ATTEMPTS);
    expect(backup.problems).toContain('positions 3..3 are missing');
    expect(existsSync(join(dir, 'never', 'data.mdb'))).toBe(true);
  });
});
