import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { openEmbeddedEventStore } from './embedded-event-store';
import { openDatabases, type StoreDatabases } from './lmdb-env';
import { LogReadAhead } from './read-ahead';
import { readAll } from './reads';
import { allSource } from './sources';

const EVENTS = 3_000;

describe('reading the log ahead of a long forward read', () => {
  let dir: string;
  let dbs: StoreDatabases;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flr-read-ahead-'));
    const store = await openEmbeddedEventStore({ path: dir });
    for (let n = 0; n < EVENTS; n += 100)
      await store.appendToStream(
        `s-${n % 7}`,
        Array.from({ length: 100 }, (_, k) => ({
          id: `00000000-0000-4000-8000-${String(n + k).padStart(12, '0')}`,
          type: 'A',
          data: { n: n + k, text: 'x'.repeat((n + k) % 3000) },
        })),
      );
    await store.close();
    dbs = openDatabases(dir);
  });
  afterAll(async () => {
    await dbs.env.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads the same events, and its thread is closed when the read ends or is dropped', () => {
    const closes = jest.spyOn(LogReadAhead.prototype, 'close');
    const plain = [...readAll(dbs)];
    expect(plain).toHaveLength(EVENTS);
    expect(closes).not.toHaveBeenCalled(); // no thread without the hint

    expect([...readAll(dbs, { readAhead: true }, 1)]).toEqual(plain);
    expect(closes).toHaveBeenCalledTimes(1);
    expect([...readAll(dbs, { readAhead: true, fromPosition: 1_001n }, 1)]).toEqual(plain.slice(1_000));
    expect(closes).toHaveBeenCalledTimes(2);

    // Dropped after a few events: the iterator's return closes it.
    for (const event of readAll(dbs, { readAhead: true }, 1)) if (event.position >= 10n) break;
    expect(closes).toHaveBeenCalledTimes(3);
    // Too short a read for a thread (below the minimum), and backwards: none.
    expect([...readAll(dbs, { readAhead: true, fromPosition: 2_000n }, 1_500)]).toHaveLength(1_001);
    expect([...readAll(dbs, { readAhead: true, direction: 'backwards', maxCount: 5 }, 1)]).toHaveLength(5);
    expect(closes).toHaveBeenCalledTimes(3);
  });

  it('a catch-up subscription far enough behind reads ahead until it has caught up, or stops', () => {
    const closes = jest.spyOn(LogReadAhead.prototype, 'close');
    const caughtUp = allSource(dbs, EVENTS, {}, 1);
    let events = 0;
    for (let pulled = caughtUp.pull(); pulled !== null; pulled = caughtUp.pull()) events += pulled.length;
    expect(events).toBe(EVENTS);
    expect(closes).not.toHaveBeenCalled();
    expect(caughtUp.caughtUp()).toEqual([{ kind: 'caughtUp', position: BigInt(EVENTS) }]);
    expect(closes).toHaveBeenCalledTimes(1);

    const stopped = allSource(dbs, EVENTS, { fromPosition: 10n }, 1);
    expect(stopped.pull()?.[0]).toMatchObject({ kind: 'event', event: { position: 11n } });
    stopped.close?.();
    expect(closes).toHaveBeenCalledTimes(2);
    // Near the head: no thread.
    allSource(dbs, EVENTS, { fromPosition: BigInt(EVENTS - 10) }, 1_000).close?.();
    expect(closes).toHaveBeenCalledTimes(2);
  });

  it('its thread ends at the log head, and when closed while it waits for the reader', async () => {
    const toHead = new LogReadAhead(dir, 1, 100);
    toHead.reached(EVENTS); // the reader is at the end: the thread reads up to the head and ends
    expect(await toHead.exited).toBe(0);
    expect(toHead.readUpTo).toBe(EVENTS + 1);

    const waiting = new LogReadAhead(dir, 1, 100);
    await new Promise((resolve) => setTimeout(resolve, 100)); // it has read its window and waits
    waiting.close();
    expect(await waiting.exited).toBe(0);
  });

  it('keeps no old snapshot of the log while it runs: events appended meanwhile are read too', async () => {
    const own = mkdtempSync(join(tmpdir(), 'flr-read-ahead-grows-'));
    try {
      const store = await openEmbeddedEventStore({ path: own });
      const append = (from: number, count: number) =>
        store.appendToStream(
          'grows',
          Array.from({ length: count }, (_, k) => ({
            id: `00000000-0000-4000-8000-${String(from + k).padStart(12, '0')}`,
            type: 'A',
            data: { n: from + k },
          })),
        );
      await append(0, 200);
      const ahead = new LogReadAhead(own, 1, 50);
      await waitFor(() => ahead.readUpTo >= 51); // its window read, it waits for the reader
      expect(ahead.readUpTo).toBeLessThan(200);
      await append(200, 300);
      ahead.reached(500); // the reader has gone on: the thread reads on to the new head and ends
      expect(await ahead.exited).toBe(0);
      expect(ahead.readUpTo).toBe(501);
      await store.close();
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 500) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
