import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { makeNin } from '@flr/domain';
import { openEmbeddedEventStore, type RecordedEvent } from '@flr/event-store';
import { type CommandApp, startCommandApp } from '../../../registry-api/test/command-test-app';
import { open } from 'lmdb';
import { replayReadModels } from './read-model-replay';
import { backupRegister, restoreRegister, verifyRegister } from './register-backup';

jest.setTimeout(180_000);

async function readLog(path: string, upTo: number): Promise<RecordedEvent[]> {
  const store = await openEmbeddedEventStore({ path });
  try {
    const log: RecordedEvent[] = [];
    for await (const event of store.readAll()) if (event.position <= BigInt(upTo)) log.push(event);
    return log;
  } finally {
    await store.close();
  }
}

/** Distinct valid identity numbers (born 1950-1979). */
const ninOf = (n: number): string => {
  for (let k = n; ; k += 10_000) {
    const nin = makeNin(`${1950 + (k % 30)}-0${1 + (k % 9)}-1${k % 10}`, 100 + (Math.floor(k / 90) % 400));
    if (nin) return nin;
  }
};

describe('backup, restore and verify of a register folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flr-register-backup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a backup taken while the API accepts commands restores to a register equal to the source up to its position', async () => {
    const source = join(dir, 'source');
    let app: CommandApp | null = await startCommandApp({ FLR_DATA_DIR: source });
    expect(app.mode).toBe('app');
    expect(
      (
        await app.post('/v1/contracts', {
          contractId: 'B-1',
          municipality: '0301',
          officeOrgNo: '923609016',
          maxPatients: 5000,
          validFrom: '2001-06-01',
        })
      ).status,
    ).toBe(201);
    // A refusal under a commandId: the backup keeps it (the command outcome index).
    const refusedAssign = { nin: ninOf(99_999), contractId: 'B-1', commandId: 'refused-before-backup' };
    expect((await app.post('/v1/assignments', refusedAssign)).status).toBe(404);
    const placed: { nin: string; position: string }[] = [];
    let serial = 0;
    let stop = false;
    const lane = async () => {
      while (!stop) {
        const nin = ninOf(serial++);
        const registered = await app!.post('/v1/persons', { nin, municipality: '0301' });
        if (registered.status !== 201)
          throw new Error(`register ${registered.status} ${JSON.stringify(registered.body)}`);
        const assigned = await app!.post('/v1/assignments', { nin, contractId: 'B-1' });
        if (assigned.status !== 201)
          throw new Error(`assign ${assigned.status} ${JSON.stringify(assigned.body)}`);
        placed.push({ nin, position: assigned.body.position });
      }
    };
    const load = Promise.all([lane(), lane(), lane()]);
    while (placed.length < 30) await new Promise((r) => setTimeout(r, 20));
    const placedBefore = placed.length;
    const manifest = await backupRegister(source, join(dir, 'backup'));
    const placedAtEnd = placed.length;
    while (placed.length < placedAtEnd + 15) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await load;
    const pseudonymKey = readFileSync(join(source, 'keys', 'pseudonym.key'));
    await app.close();
    app = null;

    // Every command acknowledged before the backup began is in it; the register went on after it.
    for (const { position } of placed.slice(0, placedBefore))
      expect(BigInt(position)).toBeLessThanOrEqual(BigInt(manifest.position));
    expect(BigInt(placed.at(-1)!.position)).toBeGreaterThan(BigInt(manifest.position));
    expect(Object.keys(manifest.files)).toEqual(
      expect.arrayContaining([
        'events/data.mdb',
        'readmodels/data.mdb',
        'keys/pseudonym.key',
        'idempotency/outcomes/data.mdb',
      ]),
    );

    const restored = join(dir, 'restored');
    await restoreRegister(join(dir, 'backup'), restored);
    const verification = await verifyRegister(restored);
    expect(verification).toMatchObject({ kind: 'register', problems: [] });
    expect(verification.log).toMatchObject({ head: manifest.position, checksum: manifest.checksum });
    expect(await readLog(join(restored, 'events'), manifest.position)).toEqual(
      await readLog(join(source, 'events'), manifest.position),
    );
    expect(readFileSync(join(restored, 'keys', 'pseudonym.key'))).toEqual(pseudonymKey);

    // The restored register serves what it held: its read models catch up from their checkpoints.
    app = await startCommandApp({ FLR_DATA_DIR: restored });
    try {
      const inBackup = placed.find((p) => BigInt(p.position) <= BigInt(manifest.position))!;
      const history = await app.get(`/v1/persons/${inBackup.nin}/gp-history`, String(manifest.position));
      expect(history).toMatchObject({ status: 200 });
      expect(JSON.stringify(history.body)).toContain('B-1');
      const after = placed.at(-1)!;
      const missing = await app.get(`/v1/persons/${after.nin}/gp-history`, String(manifest.position));
      expect(JSON.stringify(missing.body)).not.toContain('B-1');
      expect(await app.head()).toBe(BigInt(manifest.position));
      // Registered now, the person could be assigned; the commandId still answers its first refusal.
      expect((await app.post('/v1/persons', { nin: refusedAssign.nin, municipality: '0301' })).status).toBe(
        201,
      );
      expect(await app.post('/v1/assignments', refusedAssign)).toMatchObject({
        status: 404,
        body: { code: 'UNKNOWN_PERSON' },
      });
    } finally {
      await app.close();
    }
  });

  it('finds a damaged backup and refuses to restore it; never overwrites a register without --force', async () => {
    const backup = join(dir, 'backup');
    const key = join(backup, 'keys', 'pseudonym.key');
    const original = readFileSync(key);
    writeFileSync(key, Buffer.concat([original.subarray(1), Buffer.from('x')]));
    const damaged = await verifyRegister(backup);
    expect(damaged.kind).toBe('backup');
    expect(damaged.problems).toEqual(["keys/pseudonym.key differs from the backup's checksum"]);
    await expect(restoreRegister(backup, join(dir, 'from-damaged'))).rejects.toThrow('is damaged');
    writeFileSync(key, original);
    expect((await verifyRegister(backup)).problems).toEqual([]);

    const restored = join(dir, 'restored');
    await expect(restoreRegister(backup, restored)).rejects.toThrow('already holds a register');
    const { movedAside } = await restoreRegister(backup, restored, {
      force: true,
      now: new Date('2026-12-04T21:30:00Z'),
    });
    expect(movedAside).toBe(`${restored}.before-restore-2026-12-04T21-30-00.000Z`);
    expect((await verifyRegister(movedAside!)).problems).toEqual([]);
    await expect(backupRegister(join(dir, 'nothing'), join(dir, 'b2'))).rejects.toThrow('No register in');
  });

  it('replays every read model of a backup from its log, and names a row that differs or is missing', async () => {
    const backup = join(dir, 'backup');
    const replays = await replayReadModels(backup);
    const names = replays.map((r) => r.instance.split('.v')[0]);
    expect(names).toEqual(expect.arrayContaining(['directory', 'waiting-lists', 'public-events']));
    for (const r of replays) expect(r).toMatchObject({ problems: [] });
    const feed = replays.find((r) => r.instance.startsWith('public-events.'))!;
    expect(feed.rows).toBeGreaterThan(30);
    expect(feed.position).toBeGreaterThan(0);

    // A copy of the backup with one row of the feed changed and another removed.
    const copy = join(dir, 'replay-damaged');
    cpSync(backup, copy, { recursive: true });
    const env = open({ path: join(copy, 'readmodels'), noSubdir: false, maxDbs: 64 });
    const db = env.openDB({ name: feed.instance });
    const [changed, removed] = [...db.getKeys({ limit: 2 })];
    db.putSync(changed!, { tampered: true });
    db.removeSync(removed!);
    await env.close();
    const damaged = (await replayReadModels(copy)).find((r) => r.instance === feed.instance)!;
    expect(damaged.problems).toEqual([
      `${feed.instance}: row ${JSON.stringify(changed)} differs from what the log makes`,
      `${feed.instance}: row ${JSON.stringify(removed)} is missing`,
    ]);
  });
});
