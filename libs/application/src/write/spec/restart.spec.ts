import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGISTER_RULES } from '@flr/domain';
import { type EventStore, openEmbeddedEventStore } from '@flr/event-store';
import { nin } from '@flr/testing';
import { CommandProcessor } from '../command-processor';
import type { CommandMeta, RegisterCommand } from '../commands';
import { contract } from './fixtures';

const at = (date: string, commandId?: string): CommandMeta => ({
  actor: 'spec',
  registeredAt: `${date}T12:00:00+01:00`,
  commandId,
});

/** Kills the writer's appends after `n` succeed, as a process dying mid-way would. */
function dyingAfter(store: EventStore, n: number): EventStore {
  let left = n;
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== 'appendToStream') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: Parameters<EventStore['appendToStream']>) =>
        left-- > 0 ? target.appendToStream(...args) : Promise.reject(new Error('process killed'));
    },
  });
}

describe('crash safety over the embedded store (DESIGN §3.3)', () => {
  it('a cancellation killed mid-way and a reopened store: every patient moved exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flr-restart-'));
    try {
      let store = await openEmbeddedEventStore({ path: dir });
      const first = new CommandProcessor({ store, rules: DEFAULT_REGISTER_RULES });
      await first.start();
      await first.execute(contract('L-A', { maxPatients: 30 }), at('2020-01-01'));
      await first.execute(contract('L-V', { maxPatients: 30 }), at('2020-01-01'));
      for (let i = 0; i < 25; i++) {
        const n = nin(`1975-04-${String(i + 1).padStart(2, '0')}`);
        await first.execute({ type: 'RegisterPerson', nin: n, municipality: '0301' }, at('2020-01-01'));
        await first.execute({ type: 'AssignPatient', nin: n, contractId: 'L-A' }, at('2020-01-01'));
      }
      const dying = new CommandProcessor({ store: dyingAfter(store, 11), rules: DEFAULT_REGISTER_RULES });
      await dying.start();
      const cancel: RegisterCommand = {
        type: 'CancelContract',
        contractId: 'L-A',
        effectiveFrom: '2024-10-01',
        moveToContractId: 'L-V',
      };
      await expect(dying.execute(cancel, at('2024-09-01', 'cancel-1'))).rejects.toThrow('process killed');
      await store.close();

      store = await openEmbeddedEventStore({ path: dir });
      // Restarted two years later: the resumed moves are still the decision's, recorded at its time.
      const restarted = new CommandProcessor({
        store,
        rules: DEFAULT_REGISTER_RULES,
        clock: () => new Date('2026-11-30T08:00:00Z'),
      });
      await restarted.start();
      const moved = new Map<string, number>();
      const recordedAt = new Set<unknown>();
      for await (const e of store.readAll()) {
        if (e.type === 'PatientListed' || e.type === 'PatientUnlisted')
          recordedAt.add(e.metadata?.registeredAt);
        if (e.type !== 'PatientListed') continue;
        const d = e.data as { personId: string; beginReason: string };
        if (d.beginReason === 'CONTRACT_END_MOVE') moved.set(d.personId, (moved.get(d.personId) ?? 0) + 1);
      }
      expect(moved.size).toBe(25);
      expect([...recordedAt]).toEqual(['2020-01-01T12:00:00+01:00', '2024-09-01T12:00:00+01:00']);
      expect([...moved.values()].every((count) => count === 1)).toBe(true);
      expect(restarted.view.links.countOn('L-V', '2024-10-01')).toBe(25);
      expect(restarted.view.links.countOn('L-A', '2024-10-01')).toBe(0);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
