import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { RecordedEvent } from '@flr/event-store';
import { FramedBatchWriter } from './framed-writer';
import { prepareReadEventResp } from './read-encoding';

/** A call whose HTTP/2 stream never sends: what a reader that stopped reading looks like to the server. */
function stalledCall() {
  const stream = new Writable({ highWaterMark: 16 * 1024, write: () => {} });
  const call = Object.assign(new Writable({ write: (_c, _e, done) => done() }), {
    call: { stream, maybeSendMetadata: () => {} },
  });
  return { call, stream };
}

function message(n: number) {
  const event: RecordedEvent = {
    id: randomUUID(),
    type: 'PatientListed',
    data: { personId: `p${n}`, text: 'x'.repeat(200) },
    metadata: {},
    stream: `person-${n}`,
    revision: 0n,
    position: BigInt(n),
    recordedAt: new Date(0),
    isJson: true,
  };
  return prepareReadEventResp(event, BigInt(n));
}

describe('FramedBatchWriter', () => {
  it('keeps a few batches queued ahead of a slow reader, then waits for them to drain', async () => {
    const { call, stream } = stalledCall();
    const writer = FramedBatchWriter.forCall(call);
    expect(writer).toBeDefined();
    const tick = () => new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 20));
    let added = 0;
    let waiting = false;
    while (added < 100_000 && !waiting) {
      const result = writer!.add(message(added));
      added++;
      // A full batch gives a promise: it settles at once while there is room in flight.
      if (result !== true) waiting = (await Promise.race([result, tick()])) === 'waiting';
    }
    // It queued more than one batch before waiting (the next batch is encoded while the reader decodes)…
    expect(waiting).toBe(true);
    expect(stream.writableLength).toBeGreaterThan(2 * 128 * 1024);
    // …but stopped at a bound, not after the whole read.
    expect(stream.writableLength).toBeLessThanOrEqual(5 * 128 * 1024);
    expect(added).toBeLessThan(5_000);
    stream.destroy();
  });
});
