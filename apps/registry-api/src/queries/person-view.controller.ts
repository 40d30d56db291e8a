import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, EVENT_STORE } from '@flr/application';
import {
  autoAssignEnabledOn,
  evolveMunicipality,
  InvalidInput,
  initialMunicipalityState,
  type MunicipalityEvent,
  type PersonEvent,
  parseRegisterRules,
  type RegisterRules,
  streams,
  UnknownResource,
} from '@flr/domain';
import { type EventStore, StreamNotFoundError } from '@flr/event-store';
import {
  PERSON_REGISTER,
  type PersonRegister,
  type PersonStreamEvent,
  personOfNin,
  personView,
  recordTimeOf,
  type SearchStatus,
  searchPersons,
  unassignedResidents,
} from '@flr/projections';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import { ParseNinPipe } from '../infrastructure/validation';
import { AtAndAsOf, OptionalQuery } from './api-docs';
import { parseDate, parseIntParam, ReadSide } from './read-side';

interface HttpRequest {
  url: string;
  query: Record<string, unknown>;
}
interface HttpResponse {
  header(name: string, value: string): unknown;
}

const STATUSES: readonly SearchStatus[] = ['resident', 'dead', 'emigrated', 'opted-out'];

/** The administrators' view of persons (issue 11): one person in full, a name-free search, the ufordelte. */
@ApiTags('persons (administrators)')
@Controller('v1')
@Roles('admin', 'analyst')
export class PersonViewController {
  private readonly rules: RegisterRules;

  constructor(
    private readonly read: ReadSide,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rules = parseRegisterRules(config.ruleSettings);
  }

  private get register(): PersonRegister {
    return this.read.projectionRuntime.memory<PersonRegister>(PERSON_REGISTER);
  }

  @ApiOperation({
    summary: 'One person as the register sees them (FLR GetPerson + administrators’ details)',
    description:
      'Status (resident, dead, emigrated, opted out) and its history, residence municipality and its history, household, ' +
      'parents and children with who may act for whom (R11: a parent sharing the address of a child under 16), ' +
      'entitlement (R1, R2), current and pending list (§4.3), changes used and left this year (R15, R18) with the ' +
      'exceptions still open and the day each expires (R16: move, GP left, reduction), the waiting-list entry with its ' +
      'place in the queue (R21, R23) and the letters sent (R12 age 16, R22 waiting-list placement, R40 move offer). ' +
      '`at` is valid time, `asOf` record time: with `asOf` before a correction the view shows what the register ' +
      'believed then. Audited as a read of that person; answered with Cache-Control: no-store.',
  })
  @ApiParam({ name: 'nin', description: 'Fødselsnummer or D-nummer (11 digits)', example: '24029012349' })
  @AtAndAsOf()
  @Get('persons/:nin')
  async person(
    @Param('nin', ParseNinPipe) nin: string,
    @Query('at') at?: string,
    @Query('asOf') asOf?: string,
  ) {
    const when = this.read.when(at, asOf);
    const index = this.read.linkIndex;
    const person = personOfNin(index, nin, when.asOf);
    if (person < 0) throw new UnknownResource('UNKNOWN_PERSON', 'No person with this nin');
    const stream: PersonStreamEvent[] = [];
    for await (const e of this.store.readStream(streams.person(index.personIds.at(person)))) {
      const { registeredAt, actor } = e.metadata as { registeredAt?: unknown; actor?: unknown };
      stream.push({
        id: e.id,
        actor: typeof actor === 'string' ? actor : null,
        event: { type: e.type, data: e.data } as PersonEvent,
        recordedMs: recordTimeOf(e),
        recordedAt: typeof registeredAt === 'string' ? registeredAt : e.recordedAt.toISOString(),
      });
    }
    const view = personView(stream, {
      at: when.at,
      asOf: when.asOf,
      rules: this.rules,
      register: this.register,
      readers: this.read.readers,
    });
    if (!view) throw new UnknownResource('UNKNOWN_PERSON', 'No person with this nin');
    return view;
  }

  @ApiOperation({
    summary: 'Search persons by name-free criteria (administrators)',
    description:
      'Persons as the register knows them now, with their list on `at`, in registration order. Every criterion given ' +
      'must hold: `municipality` (residence, after renumberings §1.8), `status`, `withoutGp` (no current or pending ' +
      'list), `onWaitingList`. Paged: `limit` (default 100) and the `Link: <…>; rel="next"` header. No names are ' +
      'held by the register, so none can be searched.',
  })
  @OptionalQuery('municipality', '4-digit kommunenummer, e.g. 0301')
  @OptionalQuery('status', 'resident | dead | emigrated | opted-out')
  @OptionalQuery('withoutGp', 'true: only persons without a current or pending list; false: only with one')
  @OptionalQuery('onWaitingList', 'true: only persons on a waiting list; false: only persons on none')
  @OptionalQuery('at', 'Business date for the list question (default today)')
  @OptionalQuery('limit', 'Page size 1..10000 (default 100)')
  @OptionalQuery('cursor', 'Opaque cursor from the Link header')
  @Get('persons')
  search(
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpResponse,
    @Query('municipality') municipality?: string,
    @Query('status') status?: string,
    @Query('withoutGp') withoutGp?: string,
    @Query('onWaitingList') onWaitingList?: string,
    @Query('at') at?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    const errors: { field: string; message: string }[] = [];
    if (municipality !== undefined && !/^\d{4}$/.test(municipality))
      errors.push({ field: 'municipality', message: 'municipality must be 4 digits' });
    if (status !== undefined && !STATUSES.includes(status as SearchStatus))
      errors.push({ field: 'status', message: `status must be one of ${STATUSES.join(', ')}` });
    const flag = (field: string, raw: string | undefined) => {
      if (raw === undefined) return undefined;
      if (raw !== 'true' && raw !== 'false')
        errors.push({ field, message: `${field} must be true or false` });
      return raw === 'true';
    };
    const criteria = {
      municipality,
      status: status as SearchStatus | undefined,
      withoutGp: flag('withoutGp', withoutGp),
      onWaitingList: flag('onWaitingList', onWaitingList),
    };
    if (cursor !== undefined && !/^\d{1,10}$/.test(cursor))
      errors.push({ field: 'cursor', message: 'unknown cursor' });
    if (errors.length) throw new InvalidInput('INVALID_INPUT', errors);
    const date = parseDate('at', at) ?? this.read.today();
    const size = parseIntParam('limit', limit, 100, 1, 10_000);
    const page = searchPersons(this.register, this.read.linkIndex, criteria, date, {
      limit: size,
      cursor: cursor === undefined ? undefined : Number(cursor),
    });
    if (page.next) res.header('Link', `<${nextUrl(req, page.next, date)}>; rel="next"`);
    return page.items;
  }

  @ApiOperation({
    summary: 'Unassigned residents (ufordelte) of a municipality, longest waiting first',
    description:
      'Entitled residents (R1, R2) of the municipality who have not opted out (R4) and have no current or pending list ' +
      'on `at` (§2.8), ordered by how long they have been without a list (R8), then by nin. `placement` says whether ' +
      'the daily job places them (R7; not when the municipality switched automatic placement off, R9) or Helfo does by ' +
      'hand (D-numbers, §1.2). Paged: `limit` (default 1000) and the `Link` header.',
  })
  @ApiParam({ name: 'number', description: '4-digit kommunenummer', example: '0301' })
  @OptionalQuery('at', 'Business date (default today)')
  @OptionalQuery('limit', 'Page size 1..10000 (default 1000)')
  @OptionalQuery('cursor', 'Opaque cursor from the Link header')
  @Get('municipalities/:number/unassigned')
  async unassigned(
    @Param('number') number: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpResponse,
    @Query('at') at?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    if (!/^\d{4}$/.test(number))
      throw new InvalidInput('INVALID_INPUT', [{ field: 'number', message: 'number must be 4 digits' }]);
    if (cursor !== undefined && !/^\d{1,10}$/.test(cursor))
      throw new InvalidInput('INVALID_INPUT', [{ field: 'cursor', message: 'unknown cursor' }]);
    const date = parseDate('at', at) ?? this.read.today();
    const size = parseIntParam('limit', limit, 1000, 1, 10_000);
    const autoAssignOn = await this.autoAssignment(number, date);
    const all = unassignedResidents(this.register, this.read.linkIndex, number, date, autoAssignOn);
    const start = cursor === undefined ? 0 : Number(cursor);
    const items = all.slice(start, start + size);
    if (start + size < all.length)
      res.header('Link', `<${nextUrl(req, String(start + size), date)}>; rel="next"`);
    return items;
  }

  /**
   * R9 on `date` for the residents of `number`: the switches of the number itself and of every older
   * number renumbered into it (§1.8), from their municipality streams; both must be on, as the daily
   * job reads them.
   */
  private async autoAssignment(number: string, date: string): Promise<(code: string) => boolean> {
    const codes = [number];
    for (const old of this.register.renumbered.keys())
      if (old !== number && this.register.canonical(old, date) === number) codes.push(old);
    const enabled = new Map<string, boolean>();
    for (const code of codes) {
      let state = initialMunicipalityState;
      try {
        for await (const e of this.store.readStream(streams.municipality(code)))
          state = evolveMunicipality(state, { type: e.type, data: e.data } as MunicipalityEvent);
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      enabled.set(code, autoAssignEnabledOn(state, date));
    }
    const here = enabled.get(number) ?? true;
    return (code) => here && (enabled.get(code) ?? true);
  }
}

/** The same query with the cursor, and `at` pinned so a page turn at midnight stays on one date. */
function nextUrl(req: HttpRequest, cursor: string, at: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query))
    if (typeof v === 'string' && k !== 'cursor' && k !== 'at') params.set(k, v);
  params.set('at', at);
  params.set('cursor', cursor);
  return `${req.url.split('?', 1)[0]}?${params.toString()}`;
}
