import { Body, Controller, Delete, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { BeginReason } from '@flr/domain';
import { Roles } from '../infrastructure/auth';
import { ContractIdParamPipe, ParseNinPipe } from '../infrastructure/validation';
import { type CommandRequest, ParseHprPipe, ParseMunicipalityPipe, send } from './command-context';
import { CommandFieldsDto } from './command-fields.dto';
import {
  AssignPatientDto,
  JoinWaitingListDto,
  RegisterGpDto,
  RenumberMunicipalityDto,
  RunDailyJobDto,
  SetAutoAssignmentDto,
} from './placements.dto';
import { CorrectRenumberingDto, UpdateGpDto } from './updates.dto';

/** GPs, placements, waiting lists, municipalities and the daily job (API.md). */
@ApiTags('commands')
@Roles('admin')
@Controller('v1')
export class RegisterCommandController {
  constructor(private readonly bus: CommandBus) {}

  @Post('gps')
  registerGp(@Req() req: CommandRequest, @Body() dto: RegisterGpDto) {
    const { commandId: _c, registeredAt: _r, ...body } = dto;
    return send(this.bus, req, dto, { type: 'RegisterGp', ...body });
  }

  /** §2.2, §1.9 (FLR GPUpdated): name, specialist status or HER-id from a validity date. */
  @Post('gps/:hpr/updates')
  @HttpCode(200)
  updateGp(@Req() req: CommandRequest, @Param('hpr', ParseHprPipe) hpr: number, @Body() dto: UpdateGpDto) {
    const { validFrom, name, specialistInGeneralPractice, herId } = dto;
    const changes = Object.fromEntries(
      Object.entries({ name, specialistInGeneralPractice, herId }).filter(([, v]) => v !== undefined),
    );
    return send(this.bus, req, dto, { type: 'UpdateGp', hpr, validFrom, changes });
  }

  @Post('assignments')
  assign(@Req() req: CommandRequest, @Body() dto: AssignPatientDto) {
    const { commandId: _c, registeredAt: _r, reason, ...body } = dto;
    return send(this.bus, req, dto, {
      type: 'AssignPatient',
      ...body,
      reason: reason as BeginReason | undefined,
    });
  }

  @Post('waiting-lists/:contractId')
  join(
    @Req() req: CommandRequest,
    @Param('contractId', ContractIdParamPipe) contractId: string,
    @Body() dto: JoinWaitingListDto,
  ) {
    return send(this.bus, req, dto, {
      type: 'JoinWaitingList',
      contractId,
      nin: dto.nin,
      requestedBy: dto.requestedBy,
    });
  }

  @Delete('waiting-lists/:contractId/:nin')
  leave(
    @Req() req: CommandRequest,
    @Param('contractId', ContractIdParamPipe) contractId: string,
    @Param('nin', ParseNinPipe) nin: string,
    @Query() query: CommandFieldsDto,
  ) {
    return send(this.bus, req, query, { type: 'LeaveWaitingList', contractId, nin });
  }

  @Post('municipalities/:number/renumbering')
  @HttpCode(200)
  renumber(
    @Req() req: CommandRequest,
    @Param('number', ParseMunicipalityPipe) number: string,
    @Body() dto: RenumberMunicipalityDto,
  ) {
    const { newNumber, effectiveFrom, overrideReason } = dto;
    return send(this.bus, req, dto, {
      type: 'RenumberMunicipality',
      number,
      newNumber,
      effectiveFrom,
      overrideReason,
    });
  }

  /** Issue 11: annul a wrongly recorded renumbering (the number never changed), with the reason. */
  @Post('municipalities/:number/renumbering/corrections')
  @HttpCode(200)
  correctRenumbering(
    @Req() req: CommandRequest,
    @Param('number', ParseMunicipalityPipe) number: string,
    @Body() dto: CorrectRenumberingDto,
  ) {
    return send(this.bus, req, dto, { type: 'CorrectRenumbering', number, reason: dto.reason });
  }

  /** R9 (an addition to API.md): the municipality switches automatic assignment off or on. */
  @Put('municipalities/:number/auto-assignment')
  @HttpCode(200)
  autoAssignment(
    @Req() req: CommandRequest,
    @Param('number', ParseMunicipalityPipe) number: string,
    @Body() dto: SetAutoAssignmentDto,
  ) {
    return send(this.bus, req, dto, { type: 'SetAutoAssignment', number, enabled: dto.enabled });
  }

  @Post('jobs/daily')
  @HttpCode(200)
  daily(@Req() req: CommandRequest, @Body() dto: RunDailyJobDto) {
    return send(this.bus, req, dto, { type: 'RunDailyJob', date: dto.date });
  }
}
