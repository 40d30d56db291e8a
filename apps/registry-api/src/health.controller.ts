import { Controller, Get, Inject } from '@nestjs/common';
import { EVENT_STORE, PROJECTION_RUNTIME } from '@flr/application';
import type { EventStore } from '@flr/event-store';
import type { ProjectionRuntime } from '@flr/projection-runtime';
import { Public, Roles } from './infrastructure/auth';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
  ) {}

  /** Bare liveness for probes: no detail, no token. */
  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Detailed health (log head, projection positions): operators only. */
  @Roles('admin', 'analyst')
  @Get()
  async health(): Promise<unknown> {
    const head = await this.store.headPosition();
    return {
      status: 'ok',
      head: head.toString(),
      projections: this.runtime
        .status()
        .map((s) => JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))),
    };
  }
}
