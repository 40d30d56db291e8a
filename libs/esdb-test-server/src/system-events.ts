import { randomUUID } from 'node:crypto';
import type { EventStore } from '@flr/event-store';

/**
 * A fresh EventStoreDB node's `$all` already holds system events (the default users and settings);
 * clients' tests count on them (ESDB-PROTOCOL §2.8). Seeded only into an empty store.
 */
export async function seedSystemEvents(store: EventStore): Promise<void> {
  if ((await store.headPosition()) !== 0n) return;
  const user = (login: string, fullName: string, groups: string[]) => ({
    id: randomUUID(),
    type: '$user',
    data: { loginName: login, fullName, salt: '', hash: '', disabled: false, groups },
  });
  await store.appendToStream('$user-admin', [user('admin', 'EventStoreDB Administrator', ['$admins'])]);
  await store.appendToStream('$users', [{ id: randomUUID(), type: '$User', data: { loginName: 'admin' } }]);
  await store.appendToStream('$user-ops', [user('ops', 'EventStoreDB Operations', ['$ops'])]);
  await store.appendToStream('$users', [{ id: randomUUID(), type: '$User', data: { loginName: 'ops' } }]);
  const acl = { $userStreamAcl: { $r: '$all', $w: '$all', $d: '$all', $mr: '$all', $mw: '$all' } };
  await store.appendToStream('$settings', [{ id: randomUUID(), type: '$settings', data: acl }]);
}
