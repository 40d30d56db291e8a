import { Controller, Get, HttpCode, Logger, Param, Post } from '@nestjs/common';
import { UnknownResource } from '@flr/domain';
import { UnknownProjectionError } from '@flr/projection-runtime';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import { ReadSide } from './read-side';

/** Online rebuild: a fresh copy builds beside the active one and takes over once caught up (the runtime does it). */
@ApiTags('admin')
@Controller('v1/admin/projections')
@Roles('admin')
export class ProjectionsAdminController {
  private readonly logger = new Logger('Projections');

  constructor(private readonly read: ReadSide) {}

  /** Every copy (active and building) with checkpoint, head, lag and progress. */
  @Get()
  list() {
    return this.read.projectionRuntime.status().map(toJson);
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  rebuild(@Param('name') name: string) {
    const runtime = this.read.projectionRuntime;
    if (!runtime.status().some((s) => s.name === name))
      throw new UnknownResource('UNKNOWN_PROJECTION', `No projection ${name}`);
    let done: Promise<void>;
    try {
      done = runtime.rebuild(name);
    } catch (e) {
      if (e instanceof UnknownProjectionError)
        throw new UnknownResource('UNKNOWN_PROJECTION', `No projection ${name}`);
      throw e;
    }
    done.then(
      () => this.logger.log(`Rebuild of ${name} switched over`),
      (e: unknown) =>
        this.logger.error(`Rebuild of ${name} failed: ${e instanceof Error ? e.message : String(e)}`),
    );
    return {
      name,
      rebuilding: true,
      status: runtime
        .status()
        .filter((s) => s.name === name)
        .map(toJson),
    };
  }
}

/** Positions are bigints; over HTTP they are decimal strings (contracts.md §A). */
function toJson(status: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(status, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
