import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { followHttpFeed, type PublicEvent } from './http-feed';

const feed: PublicEvent[] = ['10', '12.0', '12', '15', '20'].map((position, i) => ({
  position,
  type: i % 2 ? 'ContractUpdated' : 'PatientOnContractCreated',
  data: { i },
  recordedAt: '2024-01-01T00:00:00.000Z',
  schemaVersion: 1,
}));

describe('the sample consumer of the HTTP feed', () => {
  let server: Server;
  let url: string;
  const requests: { from: string | null; auth: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams;
      const from = query.get('from');
      requests.push({ from, auth: req.headers.authorization });
      const start = from === null ? 0 : feed.findIndex((e) => e.position === from) + 1;
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      // The first connection breaks after two events, mid-line: the consumer must resume after the
      // last complete event it handled.
      if (requests.length === 1) {
        res.write(`${JSON.stringify(feed[0])}\n${JSON.stringify(feed[1])}\n{"position":"12","ty`);
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      }
      for (const e of feed.slice(start)) res.write(`${JSON.stringify(e)}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('resumes after a broken connection from the last handled position: every event once, in order', async () => {
    const handled: string[] = [];
    const controller = new AbortController();
    const last = await followHttpFeed({
      url,
      token: 'feed-token',
      from: null,
      retryMs: 10,
      signal: controller.signal,
      onEvent: async (event) => {
        handled.push(event.position);
        if (handled.length === feed.length) controller.abort();
      },
    });
    expect(handled).toEqual(feed.map((e) => e.position));
    expect(last).toBe('20');
    expect(requests[0]).toEqual({ from: null, auth: 'Bearer feed-token' });
    expect(requests[1]!.from).toBe('12.0');
  });
});
