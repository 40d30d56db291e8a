/**
 * Child of test:crash: bulk-imports a fixed set of events (ids derived from their number, so a re-run
 * skips what an earlier, killed run committed) and prints `done <events>` at the end.
 * Usage: node dist/scripts/crash/bulk-import-child.js <events folder> <count>
 */
import { openEmbeddedEventStoreImpl } from '@flr/event-store';
import { bulkEvents } from './bulk-events';

const [path, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!path || !Number.isInteger(count) || count < 1)
  throw new Error('usage: bulk-import-child <folder> <count>');
const store = await openEmbeddedEventStoreImpl({ path });
const imported = await store.bulkImport(bulkEvents(count), { batchSize: 500 });
await store.close();
process.stdout.write(`done ${imported.events}\n`);
