import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type EmbeddedEventStore,
  MaxAppendSizeExceededError,
  StoreLockedError,
  StreamDeletedError,
  openEmbeddedEventStoreImpl,
} from '@flr/event-store';
import { anEvent, someEvents, SubscriptionProbe } from '@flr/event-store/testing';

describe('embedded event store (adapter specifics)', () => {
  let dir: string;
  let store: EmbeddedEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flr-embedded-'));
    store = await openEmbeddedEventStoreImpl({ path: dir, idIndexSweepThreshold: 10 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends 7 checkpoints for 384 events at an interval of 64: 6 during catch-up and 1 at its end', async () => {
    for (let i = 0; i < 4; i++)
      await store.appendToStream(`cp-${i}`, someEvents(96, i === 0 ? 'Wanted' : 'Other'));
    const probe = new SubscriptionProbe(
      store.subscribeToAll({ filter: { eventTypePrefix: ['Wanted'] }, checkpointInterval: 64 }),
    );
    await probe.until((messages) => messages.some((message) => message.kind === 'caughtUp'));
    await probe.stop();
    const checkpoints = probe.messages.filter((message) => message.kind === 'checkpoint');
    expect(checkpoints.map((message) => message.position)).toEqual([64n, 128n, 192n, 256n, 320n, 384n, 384n]);
    expect(probe.events()).toHaveLength(96);
  });

  it('stays exactly idempotent across id-index sweeps and a reopen', async () => {
    const early = someEvents(3);
    const first = await store.appendToStream('idem', early);
    for (let i = 0; i < 30; i++) await store.appendToStream(`filler-${i}`, [anEvent()]); // several sweeps
    const late = someEvents(2);
    const last = await store.appendToStream('idem', late);
    expect(await store.appendToStream('idem', early)).toEqual(first);
    await store.close();
    store = await openEmbeddedEventStoreImpl({ path: dir, idIndexSweepThreshold: 10 });
    const head = await store.headPosition();
    expect(await store.appendToStream('idem', early)).toEqual(first);
    expect(await store.appendToStream('idem', late)).toEqual(last);
    expect(await store.headPosition()).toBe(head);
  });

  it('can be read synchronously as well as with for await, with the same events', async () => {
    await store.appendToStream('sync', someEvents(1200));
    const viaAsync: bigint[] = [];
    for await (const event of store.readAll()) viaAsync.push(event.position);
    const viaSync = [...store.readAll()].map((event) => event.position);
    expect(viaSync).toEqual(viaAsync);
    expect(viaSync).toHaveLength(1200);
    expect([...store.readStream('sync', { direction: 'backwards', maxCount: 600 })]).toHaveLength(600);
  });

  it('creates its data directory, even one whose name contains a dot', async () => {
    const dotted = join(dir, 'nested', 'events.v1');
    const other = await openEmbeddedEventStoreImpl({ path: dotted });
    try {
      await other.appendToStream('dotted', [anEvent()]);
      expect([...other.readStream('dotted')]).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('refuses appends over a configured maximum append size', async () => {
    const small = await openEmbeddedEventStoreImpl({ path: join(dir, 'small'), maxAppendSize: 100 });
    try {
      const error = await small
        .appendToStream('big', [anEvent('Big', { text: 'x'.repeat(200) })])
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(error).toMatchObject({ maxAppendSize: 100 });
    } finally {
      await small.close();
    }
  });

  it('refuses to be used after it was closed', async () => {
    await store.close();
    await expect(store.appendToStream('closed', [anEvent()])).rejects.toThrow('closed');
    store = await openEmbeddedEventStoreImpl({ path: dir });
  });

  it('ends open subscriptions when it closes', async () => {
    const subscription = store.subscribeToAll();
    const reading = (async () => {
      const kinds: string[] = [];
      for await (const message of subscription) kinds.push(message.kind);
      return kinds;
    })();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await store.close();
    expect(await reading).toEqual(['caughtUp']);
    store = await openEmbeddedEventStoreImpl({ path: dir });
  });

  it('allows one writer per data directory in a process; a second instance may read but not write', async () => {
    await store.appendToStream('owner', [anEvent()]);
    const second = await openEmbeddedEventStoreImpl({ path: dir });
    try {
      await expect(second.appendToStream('owner', [anEvent()])).rejects.toBeInstanceOf(StoreLockedError);
      expect([...second.readStream('owner')]).toHaveLength(1);
    } finally {
      await second.close();
    }
    await store.appendToStream('owner', [anEvent()]);
    expect([...store.readStream('owner')]).toHaveLength(2);
  });

  it('refuses deleting a soft-deleted stream with stream_exists as StreamDeleted (ESDB-PROTOCOL §2.5)', async () => {
    // The EventStoreDB adapter answers WrongExpectedVersion here: it emulates stream_exists with a read,
    // which cannot tell a soft-deleted stream from a missing one.
    await store.appendToStream('soft', someEvents(1));
    await store.deleteStream('soft');
    await expect(store.deleteStream('soft', { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
      StreamDeletedError,
    );
  });
});
