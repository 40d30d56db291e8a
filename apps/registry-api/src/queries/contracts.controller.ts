import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { InvalidInput, UnknownResource } from '@flr/domain';
import {
  capitation,
  contractDoc,
  contractView,
  decodeListCursor,
  encodeListCursor,
  listAt,
  searchContracts,
  waitingList,
} from '@flr/projections';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import { ContractIdParamPipe } from '../infrastructure/validation';
import { AsOfOnly, AtAndAsOf, OptionalQuery } from './api-docs';
import { isMonth, parseDate, parseIntParam, ReadSide } from './read-side';

/** The parts of Fastify's request and reply these routes use. */
interface HttpRequest {
  url: string;
  query: Record<string, unknown>;
}
interface HttpResponse {
  header(name: string, value: string): unknown;
}

/** Big enough that any real GP list comes whole (maxPatients <= 5000, R28 overruns included). */
const DEFAULT_PAGE = 10_000;

/** Contract queries: GetGPContract, GetGPPatientList (at any date), waiting list, QueryGPContracts, basistilskudd. */
@ApiTags('queries')
@Controller('v1/contracts')
@Roles('admin', 'analyst')
export class ContractsQueryController {
  constructor(private readonly read: ReadSide) {}

  /** The helsenorge list: `municipality`, `hasPlaces=true`, `q` (doctor name, contract id, office). */
  @OptionalQuery('municipality', '4-digit kommunenummer')
  @OptionalQuery('hasPlaces', 'true: only contracts with free places')
  @OptionalQuery('q', 'Text: doctor name, contract id, office org number')
  @AtAndAsOf()
  @Get()
  search(
    @Query('municipality') municipality?: string,
    @Query('hasPlaces') hasPlaces?: string,
    @Query('q') q?: string,
    @Query('at') at?: string,
    @Query('asOf') asOf?: string,
  ) {
    if (municipality !== undefined && !/^\d{4}$/.test(municipality))
      throw new InvalidInput('INVALID_INPUT', [
        { field: 'municipality', message: 'municipality must be 4 digits' },
      ]);
    if (hasPlaces !== undefined && hasPlaces !== 'true' && hasPlaces !== 'false')
      throw new InvalidInput('INVALID_INPUT', [
        { field: 'hasPlaces', message: 'hasPlaces must be true or false' },
      ]);
    return searchContracts(
      this.read.readers,
      { municipality, hasPlaces: hasPlaces === 'true', text: q },
      this.read.when(at, asOf),
    );
  }

  @AtAndAsOf()
  @Get(':id')
  contract(
    @Param('id', ContractIdParamPipe) id: string,
    @Query('at') at?: string,
    @Query('asOf') asOf?: string,
  ) {
    const when = this.read.when(at, asOf);
    const doc = this.doc(id, when.asOf);
    // Every field as of `at` (API.md): before its start the contract did not exist then, as
    // GetGPContractsOnOffice at that date leaves it out (not a 200 with an `open` list of nobody).
    if (when.at < doc.validFrom)
      throw new UnknownResource('UNKNOWN_CONTRACT', `Contract ${id} is in force from ${doc.validFrom}`);
    return contractView(this.read.readers, doc, when);
  }

  @AtAndAsOf()
  @OptionalQuery('limit', 'Page size')
  @OptionalQuery('cursor', 'Opaque cursor from the Link header')
  @Get(':id/patients')
  patients(
    @Param('id', ContractIdParamPipe) id: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpResponse,
    @Query('at') at?: string,
    @Query('asOf') asOf?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    const when = this.read.when(at, asOf);
    this.doc(id, when.asOf);
    const size = parseIntParam('limit', limit, DEFAULT_PAGE, 1, 100_000);
    const after = cursor ? decodeListCursor(cursor, id) : null;
    if (cursor && !after)
      throw new InvalidInput('INVALID_INPUT', [{ field: 'cursor', message: 'unknown cursor' }]);
    const page = listAt(this.read.linkIndex, id, when.at, { limit: size, after, asOf: when.asOf });
    if (page.next)
      res.header('Link', `<${nextUrl(req, encodeListCursor(page.next, id), when.at)}>; rel="next"`);
    return page.items;
  }

  @AtAndAsOf()
  @Get(':id/waiting-list')
  waiting(
    @Param('id', ContractIdParamPipe) id: string,
    @Query('at') at?: string,
    @Query('asOf') asOf?: string,
  ) {
    const when = this.read.when(at, asOf);
    this.doc(id, when.asOf);
    const date = parseDate('at', at);
    return waitingList(this.read.readers.waitingLists, id, { at: date, asOf: when.asOf });
  }

  /** Basistilskudd for a month (§3.12); `amountNok` rounded to øre. */
  @ApiQuery({ name: 'month', required: true, description: 'YYYY-MM' })
  @AsOfOnly()
  @Get(':id/capitation')
  capitation(
    @Param('id', ContractIdParamPipe) id: string,
    @Query('month') month?: string,
    @Query('asOf') asOf?: string,
  ) {
    if (!isMonth(month))
      throw new InvalidInput('INVALID_INPUT', [{ field: 'month', message: 'month must be YYYY-MM' }]);
    const when = this.read.when(undefined, asOf);
    // As GetGPContract ?at= before its start: a month wholly before the contract began is not a month
    // of that contract (404), while a month it begins in mid-month is answered (counted on the 1st).
    const { validFrom } = this.doc(id, when.asOf);
    if (month < validFrom.slice(0, 7))
      throw new UnknownResource('UNKNOWN_CONTRACT', `Contract ${id} is in force from ${validFrom}`);
    const answer = capitation(this.read.readers, id, month, this.read.capitationSettings, {
      asOf: when.asOf,
      today: when.today,
    });
    if (!answer) throw new UnknownResource('UNKNOWN_CONTRACT', `No contract ${id}`);
    return answer;
  }

  private doc(id: string, asOf: number | undefined) {
    const doc = contractDoc(this.read.readers, id, asOf);
    if (!doc) throw new UnknownResource('UNKNOWN_CONTRACT', `No contract ${id}`);
    return doc;
  }
}

/** The next page: the same query with the cursor, and `at` pinned so a page turn at midnight stays on one date. */
function nextUrl(req: HttpRequest, cursor: string, at: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query))
    if (typeof v === 'string' && k !== 'cursor' && k !== 'at') params.set(k, v);
  params.set('at', at);
  params.set('cursor', cursor);
  const path = req.url.split('?', 1)[0];
  return `${path}?${params.toString()}`;
}
