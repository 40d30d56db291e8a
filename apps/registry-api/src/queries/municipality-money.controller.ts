import { Controller, Get, Param, Query } from '@nestjs/common';
import { InvalidInput } from '@flr/domain';
import { municipalityCapitation, PERSON_REGISTER, type PersonRegister } from '@flr/projections';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import { AsOfOnly } from './api-docs';
import { isMonth, ReadSide } from './read-side';

/** Money per municipality (issue 11): basistilskudd both ways (R44), utjamningstilskudd, grunntilskudd. */
@ApiTags('money')
@Controller('v1/municipalities')
@Roles('admin', 'analyst')
export class MunicipalityMoneyController {
  constructor(private readonly read: ReadSide) {}

  @ApiOperation({
    summary:
      'Basistilskudd of a municipality for a month, with utjamningstilskudd and grunntilskudd (§3.12, R44)',
    description:
      'Lists counted on the 1st of the month (§2.9). `contracts`: the sum of basistilskudd over the municipality’s ' +
      'contracts (what its lists earn), each list with its patients by residence municipality. `payable`: what the ' +
      'municipality pays under R44 (the residence municipality pays for its residents wherever their GP is), split ' +
      'into its residents on its own lists and as guest residents elsewhere; `guestResidentsHere`: other ' +
      'municipalities’ residents on its lists. `utjamningstilskudd`: under 5,000 inhabitants and an average list ' +
      'under 1,200, basistilskudd for (1,200 − average) per næringsdrivende list. Each list says whether ' +
      'grunntilskudd applied (listetak ≥ 500, list < 500, two years from the start, from May 2020). `basis` explains ' +
      'every figure. Amounts in NOK rounded to øre.',
  })
  @ApiParam({ name: 'number', description: '4-digit kommunenummer', example: '0301' })
  @ApiQuery({ name: 'month', required: true, description: 'YYYY-MM', example: '2024-06' })
  @AsOfOnly()
  @Get(':number/capitation')
  capitation(@Param('number') number: string, @Query('month') month?: string, @Query('asOf') asOf?: string) {
    const errors: { field: string; message: string }[] = [];
    if (!/^\d{4}$/.test(number)) errors.push({ field: 'number', message: 'number must be 4 digits' });
    if (!isMonth(month)) errors.push({ field: 'month', message: 'month must be YYYY-MM' });
    if (errors.length) throw new InvalidInput('INVALID_INPUT', errors);
    const when = this.read.when(undefined, asOf);
    return municipalityCapitation(
      this.read.readers,
      this.read.projectionRuntime.memory<PersonRegister>(PERSON_REGISTER),
      this.read.linkIndex,
      number,
      month as string,
      this.read.capitationSettings,
      { asOf: when.asOf, today: when.today },
    );
  }
}
