import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { nin } from '@flr/testing';
import { CommandProcessor, commandFingerprint } from '../command-processor';
import type { CommandMeta } from '../commands';
import { LmdbOutcomeIndex, type OutcomeIndex, type StoredOutcome } from '../outcome-index';
import { saveWriterViewSnapshot } from '../writer-view-snapshot';
import { assign, contract, person } from './fixtures';

const at = (date: string, commandId?: string): CommandMeta => ({
  actor: 'spec',
  registeredAt: `${date}T12:00:00+01:00`,
  commandId,
});

const CACHE = 5;
const people = Array.from({ length: 40 }, (_, i) =>
  nin(`1970-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(i / 12)).padStart(2, '0')}`),
);

/** An index whose writes fail (a full disk): what it holds stays behind the log. */
function failingWrites(index: OutcomeIndex): OutcomeIndex {
  return {
    head: () => index.head(),
    get: (commandId) => index.get(commandId),
    write: async () => {
      throw new Error('no space left on device');
    },
    close: () => index.close(),
  };
}

describe('the command outcome index (issue 13: bounded memory, idempotency across restarts)', () => {
  let dir: string;
  let store: EventStore;
  const indexPath = () => join(dir, 'idempotency', 'outcomes');
  const writer = (outcomes: OutcomeIndex, snapshot?: string) =>
    new CommandProcessor({
      store,
      rules: DEFAULT_REGISTER_RULES,
      outcomes,
      outcomeCacheSize: CACHE,
      snapshot: snapshot ? { path: snapshot } : undefined,
    });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flr-outcomes-'));
    store = await openEmbeddedEventStore({ path: join(dir, 'events') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps at most the cache size of outcomes in memory however many commands ran, and an old id answers after a restart', async () => {
    const first = writer(LmdbOutcomeIndex.open(indexPath()));
    await first.start();
    const created = await first.execute(contract('L-1', { maxPatients: 100 }), at('2024-01-01', 'create-1'));
    const refused = await first
      .execute(assign(people[0]!, 'NO-SUCH-LIST'), at('2024-01-01', 'assign-unknown'))
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'UNKNOWN_PERSON' });
    let most = 0;
    for (const [i, value] of people.entries()) {
      await first.execute(person(value), at('2024-01-02', `register-${i}`));
      await first.execute(assign(value, 'L-1'), at('2024-01-02', `assign-${i}`));
      most = Math.max(most, first.view.outcomes.inMemory);
    }
    // 82 command ids: the cache, and no more than the cache holds waiting to be written.
    expect(most).toBeLessThanOrEqual(2 * CACHE);
    await first.view.outcomes.flush();
    expect(first.view.outcomes.inMemory).toBeLessThanOrEqual(CACHE);
    // Long evicted from memory, still answered from the index.
    expect(await first.execute(contract('L-1', { maxPatients: 100 }), at('2024-01-01', 'create-1'))).toEqual(
      created,
    );
    await first.stop();
    const head = await store.headPosition();

    const restarted = writer(LmdbOutcomeIndex.open(indexPath()));
    await restarted.start();
    expect(restarted.view.outcomes.inMemory).toBe(0);
    expect(
      await restarted.execute(contract('L-1', { maxPatients: 100 }), at('2024-01-01', 'create-1')),
    ).toEqual(created);
    const again = await restarted
      .execute(assign(people[0]!, 'NO-SUCH-LIST'), at('2024-01-01', 'assign-unknown'))
      .catch((e: unknown) => e);
    expect(again).toMatchObject({
      name: (refused as Error).name,
      code: 'UNKNOWN_PERSON',
      message: (refused as Error).message,
    });
    const reused = await restarted
      .execute(contract('L-1', { maxPatients: 50 }), at('2024-01-01', 'create-1'))
      .catch((e: unknown) => e);
    expect(reused).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await store.headPosition()).toBe(head);
    await restarted.stop();
  });

  it('a crash before the outcomes were written: the next start folds them from the log, also behind a newer snapshot', async () => {
    const snapshot = join(dir, 'writer', 'view.snapshot');
    const disk = LmdbOutcomeIndex.open(indexPath());
    const first = writer(failingWrites(disk), snapshot);
    await first.start();
    const created = await first.execute(contract('L-2', { maxPatients: 10 }), at('2024-01-01', 'create-2'));
    const registered = await first.execute(person(people[1]!), at('2024-01-02', 'register-p'));
    const listed = await first.execute(assign(people[1]!, 'L-2'), at('2024-01-02', 'assign-p'));
    // The process dies after a periodic snapshot: the view on disk is ahead of the outcome index.
    saveWriterViewSnapshot(first.view, snapshot);
    await disk.close();
    const behind = LmdbOutcomeIndex.open(indexPath());
    expect(behind.get('create-2')).toBeUndefined();
    await behind.close();
    const head = await store.headPosition();

    const restarted = writer(LmdbOutcomeIndex.open(indexPath()), snapshot);
    await restarted.start();
    expect(restarted.lastStart?.restoredAt).toBe(head);
    expect(
      await restarted.execute(contract('L-2', { maxPatients: 10 }), at('2024-01-01', 'create-2')),
    ).toEqual(created);
    expect(await restarted.execute(person(people[1]!), at('2024-01-02', 'register-p'))).toEqual(registered);
    expect(await restarted.execute(assign(people[1]!, 'L-2'), at('2024-01-02', 'assign-p'))).toEqual(listed);
    expect(listed.effectiveFrom).toBeDefined();
    expect(await store.headPosition()).toBe(head);
    await restarted.stop();
    // Written now: a third start has nothing to fold.
    const reopened = LmdbOutcomeIndex.open(indexPath());
    expect(reopened.head()).toBe(head);
    expect(reopened.get('assign-p')).toMatchObject({ kind: 'accepted', position: listed.position });
    await reopened.close();
  });

  it('takes over the refusals of the earlier journal file once, skipping a line torn by a crash', async () => {
    const journal = join(dir, 'idempotency', 'refusals.ndjson');
    const first = writer(LmdbOutcomeIndex.open(indexPath()));
    await first.start();
    await first.execute(person(people[2]!), at('2024-01-02'));
    await first.stop();
    const resend = assign(people[2]!, 'L-OLD');
    const meta = at('2024-01-03', 'old-refusal');
    const stored: StoredOutcome = {
      kind: 'refused',
      fingerprint: commandFingerprint(resend, meta.registeredAt),
      refusal: { kind: 'unknown', code: 'UNKNOWN_CONTRACT', message: 'no contract L-OLD' },
    };
    const line = JSON.stringify({
      commandId: 'old-refusal',
      fingerprint: stored.fingerprint,
      refusal: stored.refusal,
    });
    writeFileSync(journal, `\n${line}\n\n{"commandId":"torn`);

    const index = LmdbOutcomeIndex.open(indexPath(), { legacyRefusals: journal });
    expect(existsSync(journal)).toBe(false);
    expect(existsSync(`${journal}.imported`)).toBe(true);
    expect(index.get('old-refusal')).toEqual(stored);
    expect(index.get('torn')).toBeUndefined();
    const restarted = writer(index);
    await restarted.start();
    await restarted.execute(contract('L-OLD'), at('2024-01-03'));
    // Refused as the first time, although the list exists now.
    const resent = await restarted.execute(resend, meta).catch((e: unknown) => e);
    expect(resent).toMatchObject({ code: 'UNKNOWN_CONTRACT', message: 'no contract L-OLD' });
    const other = await restarted.execute(assign(people[2]!, 'L-OTHER'), meta).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await restarted.stop();
  });

  it('refuses to start on an index that holds positions beyond the end of the log (another log)', async () => {
    const index = LmdbOutcomeIndex.open(indexPath());
    await index.write(new Map(), 1_000_000n);
    const p = writer(index);
    await expect(p.start()).rejects.toThrow(
      'The command outcome index holds outcomes up to log position 1000000, but the log ends at 0',
    );
    await index.close();
  });
});
