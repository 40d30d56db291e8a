import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
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
import { type Observable, tap } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@flr/application';
import { InvalidInput } from '@flr/domain';
import { Roles } from '../infrastructure/auth';
import type { Principal } from '../infrastructure/identity';
import { ParseNinPipe } from '../infrastructure/validation';
import { Pseudonyms } from './pseudonyms';

/** One read of person data. The person is the audit pseudonym, never the identity number. */
export interface AuditRecord {
  readonly at: string;
  /** The caller's system identity (OIDC client id, `token:<n>`, or `loopback` with authentication off). */
  readonly consumer: string;
  /** The route template and method, e.g. `GET /v1/persons/:nin/gp`. */
  readonly query: string;
  /** `at` / `asOf` of the question, when given. */
  readonly params: Readonly<Record<string, string>>;
  /** Audit pseudonym of the person read; absent for a whole-list read (see `contract`). */
  readonly person?: string;
  /** For a list read (patients, waiting list): the contract whose persons were read. */
  readonly contract?: string;
  /** Whether the data was returned, or the request refused (bad input, unknown person, ...). */
  readonly outcome: 'answered' | 'refused';
}

/**
 * The append-only audit log of reads: `<dataDir>/audit/reads.ndjson`, one JSON line per person
 * read, written with O_APPEND and synced in small groups. No endpoint writes to or deletes from it;
 * admins query it through `GET /v1/admin/audit/reads`.
 */
@Injectable()
export class AuditLog implements OnModuleDestroy {
  private readonly path: string;
  private fd: number | null = null;
  private unsynced = 0;
  private syncTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const dir = join(config.dataDir, 'audit');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.path = join(dir, 'reads.ndjson');
  }

  append(records: readonly AuditRecord[]): void {
    if (records.length === 0) return;
    this.fd ??= openSync(this.path, 'a', 0o600);
    writeSync(this.fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    this.unsynced += records.length;
    // Group the fsyncs: at most 50 ms of reads are exposed to a power loss.
    this.syncTimer ??= setTimeout(() => this.sync(), 50);
  }

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

  private sync(): void {
    this.syncTimer = null;
    if (this.fd !== null && this.unsynced > 0) {
      fsyncSync(this.fd);
      this.unsynced = 0;
    }
  }

  onModuleDestroy(): void {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.sync();
    if (this.fd !== null) closeSync(this.fd);
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
    const record = (outcome: AuditRecord['outcome'], answer?: unknown) => {
      const params: Record<string, string> = {};
      for (const k of ['at', 'asOf'])
        if (typeof req.query?.[k] === 'string') params[k] = req.query[k] as string;
      const base = {
        at: new Date().toISOString(),
        consumer: req.principal?.consumer ?? 'anonymous',
        query: `${req.method} ${routeOf(req)}`,
        params,
        outcome,
      };
      const persons =
        read.fromAnswer && Array.isArray(answer)
          ? answer
              .map((item: unknown) => (item as { nin?: unknown } | null)?.nin)
              .filter((n): n is string => typeof n === 'string')
              .map((n) => this.pseudonyms.forAudit(n))
          : read.persons;
      this.log.append(
        read.contract !== undefined
          ? [{ ...base, contract: read.contract }]
          : persons.map((person) => ({ ...base, person })),
      );
    };
    return next.handle().pipe(
      tap({
        next: (answer) => record('answered', answer),
        error: () => record('refused'),
      }),
    );
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
