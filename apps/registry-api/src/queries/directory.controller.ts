import { Controller, Get, Param, Query } from '@nestjs/common';
import { InvalidInput, isValidHpr, isValidOrgNo, UnknownResource } from '@flr/domain';
import {
  confirmGp,
  personOfNin,
  gpWithContracts,
  municipalityCapacity,
  officeContracts,
} from '@flr/projections';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import { AtAndAsOf, OptionalQuery } from './api-docs';
import { ParseNinPipe } from '../infrastructure/validation';
import { ReadSide } from './read-side';

const ninPipe = new ParseNinPipe();

/** GetGPContractsOnOffice, GetGPWithAssociatedGPContracts, ConfirmGP. */
@ApiTags('queries')
@Controller('v1')
@Roles('admin', 'analyst')
export class DirectoryQueryController {
  constructor(private readonly read: ReadSide) {}

  /** Without `at`, every contract of the office, historical ones included (FLR: null atTime). */
  @AtAndAsOf()
  @Get('offices/:orgNo/contracts')
  office(@Param('orgNo') orgNo: string, @Query('at') at?: string, @Query('asOf') asOf?: string) {
    if (!isValidOrgNo(orgNo))
      throw new InvalidInput('INVALID_INPUT', [
        { field: 'orgNo', message: 'must be a 9-digit organisation number' },
      ]);
    return officeContracts(this.read.readers, orgNo, this.read.when(at, asOf), at === undefined);
  }

  /** Without `at`, historical and future doctor periods too (FLR: null atTime). */
  @AtAndAsOf()
  @Get('gps/:hpr')
  gp(@Param('hpr') hpr: string, @Query('at') at?: string, @Query('asOf') asOf?: string) {
    const n = parseHpr(hpr);
    const gp = gpWithContracts(this.read.readers, n, this.read.when(at, asOf), at === undefined);
    if (!gp) throw new UnknownResource('UNKNOWN_GP', `No GP with HPR number ${n}`);
    return gp;
  }

  /** Municipality capacity on a date: listed, unassigned, free places, lists without a GP (R43). */
  @AtAndAsOf()
  @Get('municipalities/:number/capacity')
  capacity(@Param('number') number: string, @Query('at') at?: string, @Query('asOf') asOf?: string) {
    if (!/^\d{4}$/.test(number))
      throw new InvalidInput('INVALID_INPUT', [
        { field: 'number', message: 'must be a 4-digit kommunenummer' },
      ]);
    return municipalityCapacity(this.read.readers, number, this.read.when(at, asOf));
  }

  @OptionalQuery('nin', 'Fødselsnummer or D-nummer')
  @AtAndAsOf()
  @Get('gps/:hpr/confirm')
  confirm(
    @Param('hpr') hpr: string,
    @Query('nin') nin?: string,
    @Query('at') at?: string,
    @Query('asOf') asOf?: string,
  ) {
    const n = parseHpr(hpr);
    // A missing nin is a missing field, as in a body, not an invalid number.
    if (nin === undefined || nin === '')
      throw new InvalidInput('INVALID_INPUT', [{ field: 'nin', message: 'nin is required' }]);
    const parsedNin = ninPipe.transform(nin, { type: 'query', data: 'nin' });
    const when = this.read.when(at, asOf);
    if (!gpWithContracts(this.read.readers, n, when, true))
      throw new UnknownResource('UNKNOWN_GP', `No GP with HPR number ${n}`);
    if (personOfNin(this.read.linkIndex, parsedNin, when.asOf) < 0)
      throw new UnknownResource('UNKNOWN_PERSON', 'No person with this nin');
    return { confirmed: confirmGp(this.read.readers, parsedNin, n, when, this.read.confirmMode) };
  }
}

function parseHpr(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !isValidHpr(n))
    throw new InvalidInput('INVALID_INPUT', [{ field: 'hpr', message: 'hpr must be a positive integer' }]);
  return n;
}
