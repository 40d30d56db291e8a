/**
 * Child process of the durability test (durability.spec.ts), run under strace: opens the store and
 * makes `count` appends one after another, each awaited (one commit and sync each), then closes it.
 * Usage: node append-some.js <data dir> <count>
 */
import { randomUUID } from 'node:crypto';
import { openEmbeddedEventStore } from '../embedded-event-store';

const [path, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!path || !Number.isInteger(count) || count < 1) throw new Error('usage: append-some <data dir> <count>');
const store = await openEmbeddedEventStore({ path });
for (let n = 0; n < count; n++) {
  await store.appendToStream(`durable-${n % 3}`, [{ id: randomUUID(), type: 'Appended', data: { n } }]);
}
await store.close();
process.stdout.write(`appended ${count}\n`);
