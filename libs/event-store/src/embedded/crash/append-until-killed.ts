/**
 * Child process of the kill -9 test (crash-recovery.spec.ts): appends forever and prints one line
 * per acknowledged append, `ack <stream> <revision> <position> <id>`, only after the append resolved.
 * Usage: node append-until-killed.js <data dir>
 */
import { randomUUID } from 'node:crypto';
import { openEmbeddedEventStore } from '../embedded-event-store';

const CONCURRENCY = 8;

async function appendForever(path: string): Promise<never> {
  const store = await openEmbeddedEventStore({ path });
  let counter = 0;
  const chain = async (lane: number): Promise<never> => {
    for (;;) {
      const stream = `crash-${lane}`;
      const id = randomUUID();
      const n = counter++;
      const result = await store.appendToStream(stream, [{ id, type: 'Appended', data: { n, lane } }]);
      process.stdout.write(`ack ${stream} ${result.nextExpectedRevision} ${result.position} ${id}\n`);
    }
  };
  return Promise.race(Array.from({ length: CONCURRENCY }, (_, lane) => chain(lane)));
}

const path = process.argv[2];
if (!path) throw new Error('usage: append-until-killed <data dir>');
process.stdout.write('ready\n');
await appendForever(path);
