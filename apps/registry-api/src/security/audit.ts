import {
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  type NestInterceptor,
  type OnModuleDestroy,
  Query,
} from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig, type AuditRecord, readAuditPath } from '@flr/application';
import { InvalidInput } from '@flr/domain';
import { Roles } from '../infrastructure/auth';
import type { Principal } from '../infrastructure/identity';
import { ParseNinPipe } from '../infrastructure/validation';
import { Pseudonyms } from './pseudonyms';

export type { AuditRecord } from '@flr/application';

/**
 * The append-only audit log of reads: `<dataDir>/audit/reads.ndjson`, one JSON line per person
 * read, written with O_APPEND. No endpoint writes to or deletes from it; admins query it through
 * `GET /v1/admin/audit/reads`.
 *
 * The guarantee: a read's line is in the file (written to the kernel with `write(2)`, so it
 * survives a crash of this process) before its answer is handed to the HTTP layer, and it is on
 * disk (`fsync`) within about 50 ms of being written. Lines are grouped: every record appended in one
 * event-loop turn is written by a single `write` in that turn's check phase (`setImmediate`), and
 * only after that write returned are the answers that wait on it (`append`'s `written` callbacks)
 * released; when the write fails they get its error instead, so no answer leaves unaudited. The
 * `fsync` runs on libuv's thread pool, off the event loop.
 */
@Injectable()
export class AuditLog implements OnModuleDestroy {
  private readonly path: string;
  private fd: number | null = null;
  /** Lines appended this turn, not yet written, and the callbacks waiting for their write. */
  private lines: string[] = [];
  private waiting: ((error?: Error) => void)[] = [];
  private flushScheduled = false;
  private unsynced = 0;
  private syncTimer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  /** How many `write` calls the log made (one per group of lines): for tests and benchmarks. */
  writes = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.path = readAuditPath(config.dataDir);
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
  }

  /**
   * Queues `records` for this turn's group write. `written` is called once they are in the file
   * (with the error when the write failed), never before this call returns.
   */
  append(records: readonly AuditRecord[], written?: (error?: Error) => void): void {
    for (const r of records) this.lines.push(`${JSON.stringify(r)}\n`);
    if (written) this.waiting.push(written);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Writes the lines queued so far in one `write`, then releases the answers waiting on them. */
  readonly flush = (): void => {
    this.flushScheduled = false;
    const lines = this.lines;
    const waiting = this.waiting;
    this.lines = [];
    this.waiting = [];
    let failure: Error | undefined;
    if (lines.length > 0) {
      try {
        this.fd ??= openSync(this.path, 'a', 0o600);
        const bytes = Buffer.from(lines.join(''), 'utf8');
        for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
        this.writes++;
        this.unsynced += lines.length;
        this.syncTimer ??= setTimeout(this.sync, 50);
      } catch (e) {
        failure = e instanceof Error ? e : new Error(String(e));
      }
    }
    for (const w of waiting) w(failure);
  };

  /** Records for one person (by identity number) or all, newest last, at most `limit`. */
  find(filter: { person?: string; consumer?: string }, limit: number): AuditRecord[] {
    if (!existsSync(this.path)) return [];
    const out: AuditRecord[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as AuditRecord;
      if (filter.person !== undefined && r.person !== filter.person) continue;
      if (filter.consumer !== undefined && r.consumer !== filter.consumer) continue;
      out.push(r);
    }
    return out.slice(-limit);
  }

  /** Syncs what was written on the thread pool; the next sync waits for this one. */
  private readonly sync = (): void => {
    this.syncTimer = null;
    if (this.fd === null || this.unsynced === 0 || this.syncing) {
      if (this.syncing && this.unsynced > 0) this.syncTimer = setTimeout(this.sync, 50);
      return;
    }
    const fd = this.fd;
    this.unsynced = 0;
    this.syncing = new Promise<void>((resolve) =>
      fsync(fd, (error) => {
        this.syncing = null;
        resolve();
        // As when the sync ran on the event loop: a failed fsync of the audit is fatal.
        if (error) throw error;
      }),
    );
  };

  async onModuleDestroy(): Promise<void> {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    this.flush();
    await this.syncing;
    if (this.fd !== null) {
      fsyncSync(this.fd);
      closeSync(this.fd);
    }
    this.fd = null;
  }
}

interface HttpRequest {
  method: string;
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  principal?: Principal;
  route?: { path?: string };
  routeOptions?: { url?: string };
}

/** Routes whose answer is person data, and how to find the persons read. */
function personsRead(
  req: HttpRequest,
  pseudonyms: Pseudonyms,
): { persons: string[]; contract?: string; fromAnswer?: boolean } | null {
  const route = routeOf(req);
  // Searches and the ufordelte: the persons read are those answered (each audited by pseudonym).
  if (req.method === 'GET' && (route === '/v1/persons' || route === '/v1/municipalities/:number/unassigned'))
    return { persons: [], fromAnswer: true };
  if (req.method === 'GET' && req.params?.nin && route.startsWith('/v1/persons/'))
    return { persons: [pseudonyms.forAudit(req.params.nin)] };
  if (req.method === 'POST' && route === '/v1/persons/gp-at-time' && Array.isArray(req.body))
    return {
      persons: req.body
        .map((q: unknown) => (q && typeof q === 'object' ? (q as { nin?: unknown }).nin : undefined))
        .filter((n): n is string => typeof n === 'string')
        .map((n) => pseudonyms.forAudit(n)),
    };
  if (req.method === 'GET' && route === '/v1/gps/:hpr/confirm' && typeof req.query?.nin === 'string')
    return { persons: [pseudonyms.forAudit(req.query.nin)] };
  if (req.method === 'GET' && /^\/v1\/contracts\/:id\/(patients|waiting-list)$/.test(route) && req.params?.id)
    return { persons: [], contract: req.params.id };
  return null;
}

function routeOf(req: HttpRequest): string {
  return req.route?.path ?? req.routeOptions?.url ?? '';
}

/** Appends an audit record for every read of person data, answered or refused. */
@Injectable()
export class AuditReadsInterceptor implements NestInterceptor {
  constructor(
    private readonly log: AuditLog,
    private readonly pseudonyms: Pseudonyms,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const read = personsRead(req, this.pseudonyms);
    if (!read) return next.handle();
    const records = (outcome: AuditRecord['outcome'], answer?: unknown): AuditRecord[] => {
      const params: Record<string, string> = {};
      const validAt = req.query?.at;
      const asOf = req.query?.asOf;
      if (typeof validAt === 'string') params.at = validAt;
      if (typeof asOf === 'string') params.asOf = asOf;
      const at = new Date().toISOString();
      const consumer = req.principal?.consumer ?? 'anonymous';
      const query = `${req.method} ${routeOf(req)}`;
      if (read.contract !== undefined)
        return [{ at, consumer, query, params, outcome, contract: read.contract }];
      const persons =
        read.fromAnswer && Array.isArray(answer)
          ? answer
              .map((item: unknown) => (item as { nin?: unknown } | null)?.nin)
              .filter((n): n is string => typeof n === 'string')
              .map((n) => this.pseudonyms.forAudit(n))
          : read.persons;
      // Literal records (no spread of a shared base): the same keys in the same order, cheaper.
      return persons.map((person) => ({ at, consumer, query, params, outcome, person }));
    };
    // Each answer (or refusal) is passed on only once its audit lines are written (AuditLog).
    return new Observable<unknown>((subscriber) => {
      let held = 0;
      let completed = false;
      const release = () => {
        if (--held === 0 && completed) subscriber.complete();
      };
      return next.handle().subscribe({
        next: (answer) => {
          held++;
          this.log.append(records('answered', answer), (error) => {
            if (error) subscriber.error(error);
            else subscriber.next(answer);
            release();
          });
        },
        error: (e: unknown) => {
          held++;
          this.log.append(records('refused'), (error) => subscriber.error(error ?? e));
        },
        complete: () => {
          completed = true;
          if (held === 0) subscriber.complete();
        },
      });
    });
  }
}

const ninPipe = new ParseNinPipe();

/** Admin view of the read audit: all reads, one consumer's, or one person's (to list a person's own reads for them). */
@ApiTags('admin')
@Controller('v1/admin/audit')
@Roles('admin')
export class AuditController {
  constructor(
    private readonly log: AuditLog,
    private readonly pseudonyms: Pseudonyms,
  ) {}

  @ApiQuery({ name: 'nin', required: false, description: "Only reads of this person's data" })
  @ApiQuery({ name: 'consumer', required: false, description: 'Only reads by this system identity' })
  @ApiQuery({ name: 'limit', required: false, description: 'Newest records, at most (default 1000)' })
  @Get('reads')
  reads(
    @Query('nin') nin?: string,
    @Query('consumer') consumer?: string,
    @Query('limit') limit?: string,
  ): AuditRecord[] {
    const n = limit === undefined ? 1000 : Number(limit);
    if (!/^\d+$/.test(limit ?? '1000') || n < 1 || n > 100_000)
      throw new InvalidInput('INVALID_INPUT', [
        { field: 'limit', message: 'limit must be an integer 1..100000' },
      ]);
    const person =
      nin === undefined
        ? undefined
        : this.pseudonyms.forAudit(ninPipe.transform(nin, { type: 'query', data: 'nin' }));
    return this.log.find({ person, consumer }, n);
  }
}
