import { parseArgs } from 'node:util';
import { CheckpointFile } from './checkpoint-file';
import { consumeDownstreamGroup } from './esdb-group';
import { followHttpFeed } from './http-feed';

/**
 * Sample downstream consumer (docs/downstream.md):
 *   node dist/scripts/sample-consumer/main.js http --url http://127.0.0.1:3000 --token T --checkpoint ./feed.pos
 *   node dist/scripts/sample-consumer/main.js esdb --connection "esdb://admin:changeit@host:2113?tls=true&tlsCAFile=ca.crt"
 * It prints `position type` per event; replace `handle` with real work.
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string' },
      checkpoint: { type: 'string', default: './sample-consumer.checkpoint' },
      connection: { type: 'string' },
    },
  });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const handle = async (position: string, type: string) => {
    process.stdout.write(`${position} ${type}\n`);
  };
  if (positionals[0] === 'esdb') {
    if (!values.connection) throw new Error('--connection is required for the esdb mode');
    await consumeDownstreamGroup({
      connectionString: values.connection,
      onEvent: (type, _data, position) => handle(position, type),
      signal: controller.signal,
    });
    return;
  }
  const checkpoint = new CheckpointFile(values.checkpoint!);
  await followHttpFeed({
    url: values.url!,
    ...(values.token ? { token: values.token } : {}),
    from: await checkpoint.load(),
    signal: controller.signal,
    onError: (error) => process.stderr.write(`feed interrupted, resuming: ${String(error)}\n`),
    onEvent: async (event) => {
      await handle(event.position, event.type);
      // Record the position only after the work is done: a crash re-delivers, never skips.
      await checkpoint.save(event.position);
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`sample consumer failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
