/**
 * Child process of the bulk import kill -9 trials (kill-resume.ts): imports the deterministic input and
 * prints `committed <events read>` after each batch is committed and synced, then `done <written>`.
 * Usage: node bulk-import-until-killed.js <data dir> <events> <streams> <batch size> <merge every> <ordered|scattered>
 */
import { openEmbeddedEventStoreImpl } from '../embedded-event-store';
import { importInput } from './import-input';

const [path, events, streams, batchSize, mergeEvery, order] = process.argv.slice(2);
if (
  !path ||
  !events ||
  !streams ||
  !batchSize ||
  !mergeEvery ||
  (order !== 'ordered' && order !== 'scattered')
) {
  throw new Error(
    'usage: bulk-import-until-killed <dir> <events> <streams> <batch size> <merge every> <ordered|scattered>',
  );
}
const store = await openEmbeddedEventStoreImpl({ path });
process.stdout.write('ready\n');
const input = importInput({
  events: Number(events),
  streams: Number(streams),
  orderedIds: order === 'ordered',
});
const result = await store.bulkImport(input, {
  batchSize: Number(batchSize),
  indexMergeEvery: Number(mergeEvery),
  onBatch: (progress) => process.stdout.write(`committed ${progress.events}\n`),
});
await store.close();
process.stdout.write(`done ${result.written}\n`);
