import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import { InMemoryEventStore, nin } from '@flr/testing';
import { CommandProcessor } from '../command-processor';
import type { CommandMeta, RegisterCommand } from '../commands';
import type { WriterView } from '../writer-view';
import { saveWriterViewSnapshot } from '../writer-view-snapshot';
import { assign, contract, joinWaiting, person } from './fixtures';

const at = (date: string, commandId?: string): CommandMeta => ({
  actor: 'spec',
  registeredAt: `${date}T12:00:00+01:00`,
  commandId,
});

/**
 * Everything the writer view holds besides person states (those are read from their streams) and
 * command outcomes (those are in the outcome index; a resend below checks them).
 */
function digest(view: WriterView): string {
  const decisions = view.decisions.snapshotEntries();
  return JSON.stringify(
    {
      head: view.head,
      structureVersion: view.structureVersion,
      nin: [...view.ninIndex].sort(),
      contracts: [...view.contracts].sort(),
      gps: [...view.gps].sort(),
      municipalities: [...view.municipalities].sort(),
      links: [...view.links.entries()].sort(),
      waiting: [...view.waiting].map(([c, q]) => [c, [...q]]).sort(),
      unassigned: [...view.maybeUnassigned].sort(),
      emigrated: [...view.emigrated].sort(),
      born: [...view.bornOn].sort(),
      decisions: decisions.decisions.sort(),
      done: decisions.done.map(([id, persons]) => [id, persons.sort()]).sort(),
      revisions: [...view.revisions].sort(),
      contractRecords: [...view.contractRecords.snapshotEntries()].sort(),
      intakes: [...view.intakes.snapshotEntries()].sort(),
      recorded: [...view.recordTimes.snapshotEntries()].sort(),
    },
    (_, value) => (typeof value === 'bigint' ? `${value}n` : value),
  );
}

/** Events in the log (positions of this store are not consecutive). */
async function eventsIn(store: InMemoryEventStore, after = 0n): Promise<number> {
  let n = 0;
  for await (const e of store.readAll()) if (e.position > after) n++;
  return n;
}

const people = Array.from({ length: 12 }, (_, i) => nin(`1980-03-${String(i + 1).padStart(2, '0')}`));

/** Lists, persons, a full list with a queue, a move, an emigration and a list reduction (a decision). */
async function firstPart(p: CommandProcessor): Promise<void> {
  await p.execute(contract('L-SNAP-A', { maxPatients: 8 }), at('2020-01-01', 'create-a'));
  await p.execute(contract('L-SNAP-B', { maxPatients: 20 }), at('2020-01-01'));
  for (const [i, value] of people.entries()) {
    await p.execute(person(value), at('2020-01-02', `register-${i}`));
    if (i < 8) await p.execute(assign(value, 'L-SNAP-A'), at('2020-01-02'));
  }
  await p.execute(joinWaiting(people[9]!, 'L-SNAP-A'), at('2020-02-01'));
  await p.execute(
    { type: 'RecordMove', nin: people[10]!, municipality: '4601', movedOn: '2020-03-01' },
    at('2020-03-01'),
  );
  await p.execute(
    { type: 'RecordEmigration', nin: people[11]!, emigratedOn: '2020-03-01' },
    at('2020-03-01'),
  );
  const reduce: RegisterCommand = {
    type: 'ReduceList',
    contractId: 'L-SNAP-A',
    count: 3,
    toContractId: 'L-SNAP-B',
    effectiveFrom: '2020-06-01',
    seed: 'snapshot-spec',
  };
  await p.execute(reduce, at('2020-04-01', 'reduce-a'));
  // The daily job opens L-SNAP-B's R14 batch and places the unassigned there.
  await p.execute({ type: 'RunDailyJob', date: '2020-04-15' }, at('2020-04-15'));
}

async function secondPart(p: CommandProcessor): Promise<void> {
  await p.execute(contract('L-SNAP-C', { maxPatients: 5 }), at('2020-07-01'));
  await p.execute(person(nin('1990-07-07')), at('2020-07-01'));
  await p.execute(assign(nin('1990-07-07'), 'L-SNAP-C'), at('2020-07-01'));
}

describe('the writer view snapshot (fast start)', () => {
  let dir: string;
  let path: string;
  let store: InMemoryEventStore;
  let logged: string[];

  const writer = (snapshot = true) =>
    new CommandProcessor({
      store,
      rules: DEFAULT_REGISTER_RULES,
      snapshot: snapshot ? { path, log: (message) => logged.push(message) } : undefined,
    });

  /** The view folded from the whole log, without any snapshot. */
  async function rebuilt(): Promise<string> {
    const p = writer(false);
    await p.start();
    return digest(p.view);
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nat-store-snapshot-'));
    path = join(dir, 'writer', 'view.snapshot');
    store = new InMemoryEventStore();
    logged = [];
    const first = writer();
    await first.start();
    await firstPart(first);
    await first.stop();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written at shutdown; a restart restores it, folds only the later events and equals a full rebuild', async () => {
    expect(existsSync(path)).toBe(true);
    const snapshotHead = await store.headPosition();
    const other = writer(false);
    await other.start();
    await secondPart(other);
    const after = await eventsIn(store, snapshotHead);
    expect(after).toBeGreaterThan(0);

    const restarted = writer();
    await restarted.start();
    expect(restarted.lastStart).toEqual({ restoredAt: snapshotHead, caughtUpEvents: after });
    expect(digest(restarted.view)).toEqual(await rebuilt());
    expect(
      logged.some((m) => m.startsWith(`Writer view restored from its snapshot at position ${snapshotHead}`)),
    ).toBe(true);
    // Outcomes came back with it: a repeated command id answers its first outcome, nothing appended.
    const head = await store.headPosition();
    const again = await restarted.execute(
      contract('L-SNAP-A', { maxPatients: 8 }),
      at('2020-01-01', 'create-a'),
    );
    expect(again.events.map((e) => e.type)).toEqual(['ContractCreated']);
    expect(await store.headPosition()).toBe(head);
    // And the restored writer decides as the rebuilt one would: L-SNAP-C has 4 places left.
    await restarted.execute(person(nin('1991-08-08')), at('2020-08-01'));
    await restarted.execute(assign(nin('1991-08-08'), 'L-SNAP-C'), at('2020-08-01'));
    expect(restarted.view.links.countOn('L-SNAP-C', '2020-09-01')).toBe(2);
    // The daily job after the restart still knows the lists as of its date (it placed nobody when the
    // snapshot left out the lists' recorded states).
    await restarted.execute(person(nin('1992-09-09')), at('2020-09-01'));
    const job = await restarted.execute({ type: 'RunDailyJob', date: '2020-09-02' }, at('2020-09-02'));
    expect(job.events.map((e) => e.type)).toContain('PatientListed');
  });

  it('a snapshot written by other code (another view shape) is ignored and the view rebuilt from the log', async () => {
    const current = writer(false);
    await current.start();
    saveWriterViewSnapshot(current.view, path, 'shape-of-an-older-version');
    const restarted = writer();
    await restarted.start();
    expect(restarted.lastStart?.restoredAt).toBeNull();
    expect(restarted.lastStart?.caughtUpEvents).toBe(await eventsIn(store));
    expect(digest(restarted.view)).toEqual(await rebuilt());
    expect(logged.some((m) => /snapshot ignored.*written by other code/.test(m))).toBe(true);
  });

  it('a snapshot with one changed byte that still decodes is caught by its checksum and ignored', async () => {
    const bytes = readFileSync(path);
    const at = bytes.indexOf('L-SNAP-B');
    expect(at).toBeGreaterThan(0);
    bytes[at + 7] = 'C'.charCodeAt(0); // L-SNAP-B -> L-SNAP-C: valid msgpack, a different register
    writeFileSync(path, bytes);
    const restarted = writer();
    await restarted.start();
    expect(restarted.lastStart?.restoredAt).toBeNull();
    expect(digest(restarted.view)).toEqual(await rebuilt());
    expect(restarted.view.contracts.has('L-SNAP-B')).toBe(true);
    expect(logged.some((m) => /snapshot ignored.*checksum/.test(m))).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('a snapshot cut off mid-way (a full disk) is ignored and the view rebuilt from the log', async () => {
    truncateSync(path, Math.floor(readFileSync(path).length / 2));
    const restarted = writer();
    await restarted.start();
    expect(restarted.lastStart?.restoredAt).toBeNull();
    expect(digest(restarted.view)).toEqual(await rebuilt());
    expect(logged.some((m) => /snapshot ignored.*unreadable/.test(m))).toBe(true);
  });

  it('a writer without a snapshot file folds the whole log', async () => {
    rmSync(path);
    const restarted = writer();
    await restarted.start();
    expect(restarted.lastStart).toEqual({
      restoredAt: null,
      caughtUpEvents: await eventsIn(store),
    });
  });
});
