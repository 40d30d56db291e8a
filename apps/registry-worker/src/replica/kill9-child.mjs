// Child process of replica.spec.ts: replicates EventStoreDB into a local store until killed with -9.
// argv: <compiled root> <EventStoreDB connection string> <local store path> <events before telling>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, connectionString, path, tellAfter] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(join(root, file)).href);
const { openEsdbEventStore } = await load('libs/event-store/src/esdb/index.js');
const { openEmbeddedEventStore } = await load('libs/event-store/src/embedded/index.js');
const { LocalReplica } = await load('apps/registry-worker/src/replica/replicator.js');

const source = await openEsdbEventStore(connectionString);
const local = await openEmbeddedEventStore({ path });
// Tell the parent once part of the log is copied: it kills this process then, appends in flight.
let copied = 0;
const append = local.appendToStream.bind(local);
local.appendToStream = async (...args) => {
  const result = await append(...args);
  if (++copied === Number(tellAfter)) process.stdout.write('copying\n');
  return result;
};
await new LocalReplica(source, local).start();
