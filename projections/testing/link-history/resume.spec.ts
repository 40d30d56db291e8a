import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@flr/event-store';
import { ProjectionRuntime } from '@flr/projection-runtime';
import { InMemoryEventStore } from '@flr/testing';
import type { ProjectionDefinition } from '../../shared/read-model';
import { fold } from '../history';
import { randomHistory } from '../random-history';
import { LINK_HISTORY, linkHistoryProjection } from './definition';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same projection, except that the process "dies" inside `evolve` of the n-th event it sees. */
function dyingAt(n: number): ProjectionDefinition & { thrown: boolean } {
  let seen = 0;
  const def = {
    ...linkHistoryProjection,
    thrown: false,
    evolve(
      tx: Parameters<ProjectionDefinition['evolve']>[0],
      event: Parameters<ProjectionDefinition['evolve']>[1],
    ) {
      linkHistoryProjection.evolve(tx, event); // part of the batch's writes are already in the transaction
      if (++seen === n) {
        def.thrown = true;
        throw new Error('killed mid-batch');
      }
    },
  };
  return def;
}

describe('link-history on the real runtime (LMDB)', () => {
  it('killed mid-batch, it resumes from its checkpoint and no event is applied twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flr-resume-'));
    try {
      const history = randomHistory(424242, 1500, 40);
      const store = new InMemoryEventStore();
      let head = 0n;
      for (const e of history.events)
        ({ position: head } = await store.appendToStream(e.stream, [
          { id: crypto.randomUUID(), type: e.type, data: e.data, metadata: e.metadata },
        ]));

      const first = new ProjectionRuntime({ store, path: dir, batchSize: 16 });
      const relevant = history.events.filter((e) =>
        linkHistoryProjection.eventTypes!.includes(e.type),
      ).length;
      expect(relevant).toBeGreaterThan(100);
      const dying = dyingAt(Math.floor(relevant / 2) + 3);
      first.register(dying);
      await first.start();
      for (let i = 0; i < 3000 && !dying.thrown; i++) await sleep(10); // generous: the machine may be busy
      expect(dying.thrown).toBe(true);
      expect(first.status()[0]).toMatchObject({ state: 'failed', error: { message: 'killed mid-batch' } });
      // Whatever the runtime did with the aborted batch (retry or stop), the process now goes away.
      await first.stop();

      const second = new ProjectionRuntime({ store, path: dir, batchSize: 16 });
      second.register(linkHistoryProjection);
      await second.start();
      expect(await second.waitFor(head, 10_000)).toBe(true);
      const live = [...second.reader(LINK_HISTORY).range({})].map(({ key, value }) => [key, value]);
      // An online rebuild builds a fresh copy beside the live one and switches to it: same contents.
      await second.rebuild(LINK_HISTORY);
      const rebuilt = [...second.reader(LINK_HISTORY).range({})].map(({ key, value }) => [key, value]);
      expect(second.status().find((x) => x.name === LINK_HISTORY && x.active)?.generation).toBe(1);
      await second.stop();
      expect(rebuilt).toEqual(live);

      // Replay the log as the store holds it (its record times) into a fresh in-memory model.
      const replay: RecordedEvent[] = [];
      for await (const e of store.readAll()) replay.push(e);
      const expected = fold([linkHistoryProjection], replay).get(LINK_HISTORY)!.dump();
      expect(live).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
