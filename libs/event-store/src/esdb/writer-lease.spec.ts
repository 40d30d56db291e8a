import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '../embedded';
import type { EventStore } from '../port';
import {
  parseWriterLeaseSettings,
  WRITER_LEASE_STREAM,
  WriterLease,
  type WriterLeaseRecord,
} from './writer-lease';

/** Both replicas read one clock that the test moves; ticks are driven by hand. */
function replicas(store: EventStore) {
  let now = 1_000_000;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const make = (name: string, beforeWriting?: () => Promise<void>) =>
    new WriterLease({
      store,
      holder: name,
      address: `http://${name}:3000`,
      durationMs: 6_000,
      checkEveryMs: 1_000,
      now: clock.now,
      ...(beforeWriting ? { beforeWriting } : {}),
    });
  return { clock, make };
}

async function leaseEvents(store: EventStore): Promise<WriterLeaseRecord[]> {
  const out: WriterLeaseRecord[] = [];
  for await (const e of store.readStream(WRITER_LEASE_STREAM)) out.push(e.data as WriterLeaseRecord);
  return out;
}

describe('the writer lease (one writer among API replicas)', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'esdb2-lease-'));
    store = await openEmbeddedEventStore({ path: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the lease to exactly one of two replicas claiming at once', async () => {
    const { make } = replicas(store);
    const a = make('a');
    const b = make('b');
    await Promise.all([a.tick(), b.tick()]);
    expect([a.isWriter(), b.isWriter()].filter(Boolean)).toHaveLength(1);
    const events = await leaseEvents(store);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ term: 1 });
  });

  it('keeps the writer while it renews, and the follower names its address', async () => {
    const { clock, make } = replicas(store);
    const a = make('a');
    const b = make('b');
    await a.tick();
    await b.tick();
    for (let i = 0; i < 10; i++) {
      clock.advance(1_000);
      await a.tick();
      await b.tick();
    }
    expect(a.isWriter()).toBe(true);
    expect(b.isWriter()).toBe(false);
    expect(b.current()).toMatchObject({ holder: 'a', address: 'http://a:3000', term: 1 });
  });

  it('lets a follower take over a lease not renewed for its duration, with the next term', async () => {
    const { clock, make } = replicas(store);
    const a = make('a');
    const caughtUp: string[] = [];
    const b = make('b', async () => {
      caughtUp.push('b caught up');
    });
    await a.tick();
    await b.tick();
    // a is killed: it never ticks again.
    clock.advance(5_000);
    await b.tick();
    expect(b.isWriter()).toBe(false);
    clock.advance(1_000);
    await b.tick();
    expect(b.isWriter()).toBe(true);
    expect(caughtUp).toEqual(['b caught up']);
    expect((await leaseEvents(store)).map((l) => [l.holder, l.term])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('stops a writer that could not renew before anyone may take over', async () => {
    const { clock, make } = replicas(store);
    const a = make('a');
    await a.tick();
    clock.advance(4_400);
    expect(a.isWriter()).toBe(true);
    clock.advance(200);
    // 0.75 × 6000 ms after its last renewal: no longer deciding, though no one has taken over yet.
    expect(a.isWriter()).toBe(false);
  });

  it('makes a returning old writer a follower: its renewal at the old revision is refused', async () => {
    const { clock, make } = replicas(store);
    const a = make('a');
    const b = make('b');
    await a.tick();
    await b.tick();
    clock.advance(6_000);
    await b.tick();
    expect(b.isWriter()).toBe(true);
    // a wakes up (a long pause) and looks again: it sees b's lease and follows.
    await a.tick();
    expect(a.isWriter()).toBe(false);
    expect(a.current()).toMatchObject({ holder: 'b', term: 2 });
  });

  it('refuses settings that cannot keep one writer', () => {
    expect(() => new WriterLease({ store, address: 'x', durationMs: 100 })).toThrow('at least 200 ms');
    expect(() => new WriterLease({ store, address: 'x', durationMs: 1_000, checkEveryMs: 400 })).toThrow(
      'more than twice',
    );
  });
});

describe('the writer lease settings', () => {
  it('is off by default, and on takes the address and the duration (default 6000 ms)', () => {
    expect(parseWriterLeaseSettings({}, true)).toEqual({ settings: null, problems: [] });
    expect(
      parseWriterLeaseSettings({ FLR_WRITER_LEASE: 'on', FLR_REPLICA_ADDRESS: 'http://api-2:3000' }, true),
    ).toEqual({ settings: { address: 'http://api-2:3000', durationMs: 6000 }, problems: [] });
  });

  it('names every problem at once', () => {
    const { settings, problems } = parseWriterLeaseSettings(
      { FLR_WRITER_LEASE: 'on', FLR_REPLICA_ADDRESS: 'api-2', FLR_WRITER_LEASE_MS: '500' },
      false,
    );
    expect(settings).toBeNull();
    expect(problems).toEqual([
      'FLR_WRITER_LEASE=on needs EVENTSTORE_CONNECTION_STRING (the embedded store has one writer by its lock)',
      'FLR_REPLICA_ADDRESS must be this replica\'s http(s) URL when FLR_WRITER_LEASE=on, got "api-2"',
      'FLR_WRITER_LEASE_MS must be an integer 1000..60000, got "500"',
    ]);
    expect(parseWriterLeaseSettings({ FLR_WRITER_LEASE: 'yes' }, true).problems).toEqual([
      'FLR_WRITER_LEASE must be on or off, got "yes"',
    ]);
  });
});
