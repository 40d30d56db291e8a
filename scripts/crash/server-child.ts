/**
 * Child of test:crash: the register on a data folder (embedded store, authentication off, loopback,
 * a free port). Prints `url <base url>` once it listens; SIGKILL is the point of it.
 * Usage: node dist/scripts/crash/server-child.js <data dir>
 */
import 'reflect-metadata';
import { createApp } from '../../apps/registry-api/src/bootstrap';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: server-child <data dir>');
process.env.FLR_DATA_DIR = dataDir;
delete process.env.FLR_TOKENS;
delete process.env.EVENTSTORE_CONNECTION_STRING;
const app = await createApp({ logger: false });
await app.listen(0, '127.0.0.1');
process.stdout.write(`url ${(await app.getUrl()).replace('[::1]', '127.0.0.1')}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
