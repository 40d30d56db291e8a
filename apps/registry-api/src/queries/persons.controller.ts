import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { InvalidInput, isValidBusinessDate, UnknownResource } from '@flr/domain';
import { currentAndPendingOf, gpAtTimeBatch, historyOfPerson, personGp, personOfNin } from '@flr/projections';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import { AsOfOnly, AtAndAsOf } from './api-docs';
import { ParseNinPipe } from '../infrastructure/validation';
import { notFound, ReadSide } from './read-side';

/** Person queries: GetPatientGPDetails, GetPatientsGPDetailsAtTime, GetPatientGPHistory. */
@ApiTags('queries')
@Controller('v1/persons')
@Roles('admin', 'analyst')
export class PersonsQueryController {
  constructor(private readonly read: ReadSide) {}

  @AtAndAsOf()
  @Get(':nin/gp')
  gp(@Param('nin', ParseNinPipe) nin: string, @Query('at') at?: string, @Query('asOf') asOf?: string) {
    const answer = personGp(this.read.readers, nin, this.read.when(at, asOf));
    if (answer.kind === 'unknown-person') throw notFound('UNKNOWN_PERSON', 'No person with this nin');
    if (answer.kind === 'no-gp') throw notFound('NO_GP', 'Personen er ikke tilknyttet fastlegekontrakt');
    return answer.gp;
  }

  @AsOfOnly()
  @Post('gp-at-time')
  @HttpCode(200)
  gpAtTime(@Body() body: unknown, @Query('asOf') asOf?: string) {
    const items = parseBatch(body);
    const { asOf: recordTime, today } = this.read.when(undefined, asOf);
    return gpAtTimeBatch(this.read.readers, items, { asOf: recordTime, today });
  }

  @AsOfOnly()
  @Get(':nin/gp-history')
  history(@Param('nin', ParseNinPipe) nin: string, @Query('asOf') asOf?: string) {
    const when = this.read.when(undefined, asOf);
    const index = this.read.linkIndex;
    const person = personOfNin(index, nin, when.asOf);
    if (person < 0) throw new UnknownResource('UNKNOWN_PERSON', 'No person with this nin');
    return historyOfPerson(index, person, when.asOf).map(
      ({ contractId, period, beginReason, endReason }) => ({
        contractId,
        period,
        beginReason,
        endReason,
      }),
    );
  }

  /** The person's current list and the pending one that replaces it on the 1st (§4.3). */
  @AtAndAsOf()
  @Get(':nin/lists')
  lists(@Param('nin', ParseNinPipe) nin: string, @Query('at') at?: string, @Query('asOf') asOf?: string) {
    const when = this.read.when(at, asOf);
    const index = this.read.linkIndex;
    const person = personOfNin(index, nin, when.asOf);
    if (person < 0) throw new UnknownResource('UNKNOWN_PERSON', 'No person with this nin');
    return { nin, at: when.at, ...currentAndPendingOf(index, person, when.at, when.asOf) };
  }
}

const ninPipe = new ParseNinPipe();

function parseBatch(body: unknown): { nin: string; at: string }[] {
  if (!Array.isArray(body))
    throw new InvalidInput('INVALID_INPUT', [{ field: 'body', message: 'must be an array of { nin, at }' }]);
  if (body.length > 10_000)
    throw new InvalidInput('INVALID_INPUT', [{ field: 'body', message: 'at most 10000 items' }]);
  const out: { nin: string; at: string }[] = [];
  let code = 'INVALID_INPUT';
  const errors: { field: string; message: string }[] = [];
  body.forEach((item: unknown, i) => {
    const o = (item ?? {}) as { nin?: unknown; at?: unknown };
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push({ field: `[${i}]`, message: 'must be an object { nin, at }' });
      return;
    }
    const extra = Object.keys(o).filter((k) => k !== 'nin' && k !== 'at');
    for (const k of extra) errors.push({ field: `[${i}].${k}`, message: `property ${k} should not exist` });
    let nin: string | null = null;
    try {
      // The same parser (and configured policy) as path nins.
      nin = ninPipe.transform(o.nin, { type: 'body', data: `[${i}].nin` });
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      code = code === 'INVALID_NIN' || e.code === 'INVALID_NIN' ? 'INVALID_NIN' : e.code;
      errors.push(...e.errors);
    }
    if (!isValidBusinessDate(o.at))
      errors.push({ field: `[${i}].at`, message: 'at must be a date YYYY-MM-DD' });
    if (nin !== null && isValidBusinessDate(o.at)) out.push({ nin, at: o.at as string });
  });
  if (errors.length) throw new InvalidInput(code, errors);
  return out;
}
