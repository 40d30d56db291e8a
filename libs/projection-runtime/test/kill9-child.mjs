// Child process of crash.spec.ts: projects a deterministic log until it is killed with -9.
// argv: <compiled root> <read-model path> <event count> <when>
//   parent:       tells the parent once a third of the log is applied; the parent kills it then.
//   mid-batch:    kills itself inside an evolve, in the middle of a batch's transaction.
//   after-commit: kills itself the moment a batch's transaction has committed, before anything else
//                 runs: a checkpoint written after that transaction instead of in it is then lost.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, path, count, when = 'parent'] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(join(root, file)).href);
const { InMemoryEventStore } = await load('libs/testing/src/in-memory-event-store.js');
const { ProjectionRuntime } = await load('libs/projection-runtime/src/index.js');
const { ReadModelStorage } = await load('libs/projection-runtime/src/storage.js');
const { appendDeterministicLog, slowCounter } = await load('libs/projection-runtime/test/crash-log.js');

const killNow = () => process.kill(process.pid, 'SIGKILL');
let armed = false;
if (when === 'after-commit') {
  const transact = ReadModelStorage.prototype.transact;
  ReadModelStorage.prototype.transact = function (work) {
    const result = transact.call(this, work);
    if (armed) killNow();
    return result;
  };
}
const signal = {
  parent: () => process.stdout.write('applying\n'),
  'mid-batch': killNow,
  'after-commit': () => {
    armed = true;
  },
}[when];
if (!signal) throw new Error(`unknown kill moment ${when}`);

const store = new InMemoryEventStore();
await appendDeterministicLog(store, Number(count));
const runtime = new ProjectionRuntime({ store, path, batchSize: 25 });
// A third of the log in (an event in the middle of a batch of 25), the kill comes.
runtime.register(slowCounter(Math.floor(Number(count) / 3), signal));
await runtime.start();
