import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { EVENT_STORE } from '@flr/application';
import { InvalidInput } from '@flr/domain';
import type { EventStore } from '@flr/event-store';
import { parseFeedPosition, readFeed, type StoredPublicEvent } from '@flr/projections';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import type { Principal } from '../infrastructure/identity';
import { Pseudonyms } from '../security/pseudonyms';
import { OptionalQuery } from './api-docs';
import { parseIntParam, ReadSide } from './read-side';

/** The parts of Fastify's request and reply the feed uses: it streams on the raw Node response. */
interface FeedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
  raw: IncomingMessage;
}
interface FeedReply {
  raw: ServerResponse;
  hijack(): void;
}

const POLL_MS = 50;
const HEARTBEAT_MS = 15_000;
/**
 * Longest idle wait of an NDJSON follower between checks. A commit wakes it and a closed connection
 * drops its waiter at once, so this is only a safety net: an idle feed wakes a few times a minute.
 */
const IDLE_WAIT_MS = 60_000;
const CATCH_UP_WAIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The public event feed (FLR service-bus events). `from` is exclusive and in the command responses'
 * position space; a source event that maps to several public events gives them the positions
 * "P.0", "P.1", ..., "P" (see projections/public-events/model.ts), so resuming from any delivered
 * position, or from a command's position, has no gap and no duplicate.
 */
@ApiTags('events')
@Controller('v1/events')
@Roles('admin', 'analyst', 'subscriber')
export class EventsController {
  constructor(
    private readonly read: ReadSide,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly pseudonyms: Pseudonyms,
  ) {}

  @OptionalQuery('from', 'Exclusive feed position')
  @OptionalQuery('limit', 'Page size')
  @OptionalQuery('follow', 'true: keep the NDJSON stream open')
  @Get()
  async feed(
    @Req() req: FeedRequest,
    @Res() reply: FeedReply,
    @Query('from') fromParam?: string,
    @Query('limit') limitParam?: string,
    @Query('follow') followParam?: string,
  ): Promise<void> {
    const sse = String(req.headers.accept ?? '').includes('text/event-stream');
    const lastEventId = req.headers['last-event-id'];
    const resumed = sse && typeof lastEventId === 'string' && lastEventId !== '';
    const from = (resumed ? lastEventId : fromParam) ?? null;
    // The error names where the position came from: the header SSE resumes with, or the query.
    const field = resumed ? 'Last-Event-ID' : 'from';
    if (from !== null && !parseFeedPosition(from))
      throw new InvalidInput('INVALID_INPUT', [
        { field, message: `${field} must be a feed position (digits, optionally .n)` },
      ]);
    if (followParam !== undefined && followParam !== 'true' && followParam !== 'false')
      throw new InvalidInput('INVALID_INPUT', [{ field: 'follow', message: 'follow must be true or false' }]);
    const limit = parseIntParam('limit', limitParam, Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER);
    const follow = sse || followParam === 'true';
    const reader = this.read.publicEvents;
    // Least privilege: without the identity-number scope a consumer gets its own keyed pseudonyms.
    const principal = req.principal;
    const view =
      principal && !principal.mayReadNins
        ? (e: StoredPublicEvent) => ({
            ...e,
            data: this.pseudonyms.pseudonymiseFeedData(principal.consumer, e.data),
          })
        : (e: StoredPublicEvent) => e;

    // From here on the feed writes the response itself; Fastify must not send one after the handler.
    reply.hijack();
    const res = reply.raw;
    let closed = false;
    // Aborts when the client goes away, so an idle wait ends at once (its waiter and timer with it)
    // and the consumer is let go.
    const gone = new AbortController();
    res.on('close', () => {
      closed = true;
      gone.abort();
    });
    res.statusCode = 200;
    res.setHeader(
      'Content-Type',
      sse ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    );
    res.setHeader('Cache-Control', 'no-store');
    if (sse) res.setHeader('Connection', 'keep-alive');
    res.flushHeaders();
    // "Ends when caught up": first let the feed's read model reach the log's head as of now.
    if (!follow) await this.read.waitForHead(this.store, CATCH_UP_WAIT_MS);

    let cursor = from;
    let sent = 0;
    let lastBeat = Date.now();
    while (!closed && sent < limit) {
      const mark = follow ? this.read.feedMark() : 0n; // taken before the read, so no commit falls between
      const page = readFeed(reader, cursor, Math.min(500, limit - sent));
      if (page.length === 0) {
        if (!follow) break;
        if (sse && Date.now() - lastBeat > HEARTBEAT_MS) {
          res.write(': keep-alive\n\n');
          lastBeat = Date.now();
        }
        // Idle: sleep until the feed's read model grows (or the heartbeat is due); a wait answered at
        // once (no projection runs here to signal) falls back to a short pause, never a busy loop.
        const waited = Date.now();
        const untilBeat = Math.max(POLL_MS, HEARTBEAT_MS - (Date.now() - lastBeat));
        await this.read.waitForFeedGrowth(mark, sse ? untilBeat : IDLE_WAIT_MS, gone.signal);
        if (!closed && Date.now() - waited < POLL_MS) await sleep(POLL_MS);
        continue;
      }
      for (const e of page) {
        if (!res.write(sse ? sseFrame(view(e)) : ndjsonLine(view(e))))
          await Promise.race([once(res, 'drain'), once(res, 'close')]);
        if (closed) break;
        cursor = e.position;
        sent += 1;
      }
    }
    if (!res.writableEnded) res.end();
  }
}

const body = (e: StoredPublicEvent) => ({
  position: e.position,
  type: e.type,
  data: e.data,
  recordedAt: e.recordedAt,
  schemaVersion: e.schemaVersion,
});

function ndjsonLine(e: StoredPublicEvent): string {
  return `${JSON.stringify(body(e))}\n`;
}

/**
 * One SSE frame: the position as its id and the event (with its `type`) as its data, with no `event:`
 * name, so every event is a plain message: an `EventSource`'s `onmessage` receives them all.
 */
function sseFrame(e: StoredPublicEvent): string {
  return `id: ${e.position}\ndata: ${JSON.stringify(body(e))}\n\n`;
}
