// Child process of crash.spec.ts: projects a deterministic log until the parent kills it with -9.
// argv: <compiled root> <read-model path> <event count>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, path, count] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(join(root, file)).href);
const { InMemoryEventStore } = await load('libs/testing/src/in-memory-event-store.js');
const { ProjectionRuntime } = await load('libs/projection-runtime/src/index.js');
const { appendDeterministicLog, slowCounter } = await load('libs/projection-runtime/test/crash-log.js');

const store = new InMemoryEventStore();
await appendDeterministicLog(store, Number(count));
const runtime = new ProjectionRuntime({ store, path, batchSize: 25 });
// Tell the parent once a third of the log is applied: it kills this process then.
runtime.register(slowCounter(Math.floor(Number(count) / 3), () => process.stdout.write('applying\n')));
await runtime.start();
