import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Header,
  Inject,
  Injectable,
  type NestInterceptor,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { finalize, type Observable, tap } from 'rxjs';
import { PROJECTION_RUNTIME } from '@flr/application';
import { InvalidInput, RuleRefusal } from '@flr/domain';
import type { ProjectionRuntime } from '@flr/projection-runtime';
import { Roles } from '../infrastructure/auth';

/**
 * The register's Prometheus metrics (prom-client, one registry per application): commands by
 * route and outcome, refusal codes, command latency, projection lag and rebuild progress, open
 * feed consumers, and Node's defaults (event-loop lag, heap, GC).
 */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();
  readonly commands: Counter<'route' | 'outcome'>;
  readonly refusals: Counter<'code'>;
  readonly commandSeconds: Histogram<'route'>;
  readonly feedConsumers: Gauge;

  constructor(@Inject(PROJECTION_RUNTIME) runtime: ProjectionRuntime) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.commands = new Counter({
      name: 'flr_commands_total',
      help: 'Commands by route and outcome (accepted, refused, invalid, error)',
      labelNames: ['route', 'outcome'],
      registers,
    });
    this.refusals = new Counter({
      name: 'flr_command_refusals_total',
      help: 'Commands refused by a register rule, by refusal code',
      labelNames: ['code'],
      registers,
    });
    this.commandSeconds = new Histogram({
      name: 'flr_command_duration_seconds',
      help: 'Command latency from routing to answer',
      labelNames: ['route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.feedConsumers = new Gauge({
      name: 'flr_feed_consumers',
      help: 'Open event-feed responses',
      registers,
    });
    new Gauge({
      name: 'flr_projection_lag_positions',
      help: 'Log head minus the projection checkpoint (positions, not events)',
      labelNames: ['projection', 'instance'],
      registers,
      collect() {
        this.reset();
        for (const s of runtime.status())
          this.set({ projection: s.name, instance: s.instance }, Number(s.lag));
      },
    });
    new Gauge({
      name: 'flr_projection_progress_ratio',
      help: 'Checkpoint / head per projection copy (a rebuilding copy below 1 shows rebuild progress)',
      labelNames: ['projection', 'instance', 'active'],
      registers,
      collect() {
        this.reset();
        for (const s of runtime.status())
          this.set({ projection: s.name, instance: s.instance, active: String(s.active) }, s.progress);
      },
    });
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}

interface RoutedRequest {
  method: string;
  url: string;
  routeOptions?: { url?: string };
  route?: { path?: string };
}

/** Counts and times commands (POST/PUT/DELETE except the batch query) and open feed responses. */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RoutedRequest>();
    const route = req.routeOptions?.url ?? req.route?.path ?? 'unknown';
    if (req.method === 'GET' && route === '/v1/events') {
      this.metrics.feedConsumers.inc();
      return next.handle().pipe(finalize(() => this.metrics.feedConsumers.dec()));
    }
    if (req.method === 'GET' || route === '/v1/persons/gp-at-time') return next.handle();
    const label = `${req.method} ${route}`;
    const stop = this.metrics.commandSeconds.startTimer({ route: label });
    return next.handle().pipe(
      tap({
        next: () => {
          stop();
          this.metrics.commands.inc({ route: label, outcome: 'accepted' });
        },
        error: (e: unknown) => {
          stop();
          const outcome =
            e instanceof RuleRefusal ? 'refused' : e instanceof InvalidInput ? 'invalid' : 'error';
          this.metrics.commands.inc({ route: label, outcome });
          if (e instanceof RuleRefusal) this.metrics.refusals.inc({ code: e.code });
        },
      }),
    );
  }
}

@ApiTags('admin')
@Controller('metrics')
@Roles('admin', 'analyst')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Prometheus text exposition. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
