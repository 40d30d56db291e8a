import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import { assertNotBeforeBirth, ParseNinPipe } from '../infrastructure/validation';
import { type CommandRequest, send } from './command-context';
import { CorrectFactDto } from './corrections.dto';
import { ChangeGpDto } from './placements.dto';
import {
  ChangeNinDto,
  OptOutDto,
  RecordDeathDto,
  RecordEmigrationDto,
  RecordMoveDto,
  RegisterPersonDto,
} from './persons.dto';

/** Person commands (API.md): facts from the population register and the person's own choices. */
@ApiTags('commands')
@Roles('admin')
@Controller('v1/persons')
export class PersonsCommandController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  register(@Req() req: CommandRequest, @Body() dto: RegisterPersonDto) {
    const { commandId: _c, registeredAt: _r, ...body } = dto;
    return send(this.bus, req, dto, { type: 'RegisterPerson', ...body });
  }

  @Post(':nin/moves')
  @HttpCode(200)
  move(@Req() req: CommandRequest, @Param('nin', ParseNinPipe) nin: string, @Body() dto: RecordMoveDto) {
    const { municipality, householdId, movedOn } = dto;
    assertNotBeforeBirth(nin, movedOn, 'movedOn');
    return send(this.bus, req, dto, { type: 'RecordMove', nin, municipality, householdId, movedOn });
  }

  @Post(':nin/death')
  @HttpCode(200)
  death(@Req() req: CommandRequest, @Param('nin', ParseNinPipe) nin: string, @Body() dto: RecordDeathDto) {
    assertNotBeforeBirth(nin, dto.diedOn, 'diedOn');
    return send(this.bus, req, dto, { type: 'RecordDeath', nin, diedOn: dto.diedOn });
  }

  @Post(':nin/emigration')
  @HttpCode(200)
  emigration(
    @Req() req: CommandRequest,
    @Param('nin', ParseNinPipe) nin: string,
    @Body() dto: RecordEmigrationDto,
  ) {
    assertNotBeforeBirth(nin, dto.emigratedOn, 'emigratedOn');
    return send(this.bus, req, dto, { type: 'RecordEmigration', nin, emigratedOn: dto.emigratedOn });
  }

  @Post(':nin/opt-out')
  @HttpCode(200)
  optOut(@Req() req: CommandRequest, @Param('nin', ParseNinPipe) nin: string, @Body() dto: OptOutDto) {
    return send(this.bus, req, dto, { type: 'OptOut', nin, requestedBy: dto.requestedBy });
  }

  @Post(':nin/opt-in')
  @HttpCode(200)
  optIn(@Req() req: CommandRequest, @Param('nin', ParseNinPipe) nin: string, @Body() dto: OptOutDto) {
    return send(this.bus, req, dto, { type: 'OptIn', nin, requestedBy: dto.requestedBy });
  }

  @Post(':nin/nin-change')
  @HttpCode(200)
  changeNin(@Req() req: CommandRequest, @Param('nin', ParseNinPipe) nin: string, @Body() dto: ChangeNinDto) {
    return send(this.bus, req, dto, { type: 'ChangeNin', nin, newNin: dto.newNin });
  }

  /** Issue 11: annul a wrongly recorded death, move, emigration, opt-out or placement. */
  @Post(':nin/corrections')
  @HttpCode(200)
  correct(@Req() req: CommandRequest, @Param('nin', ParseNinPipe) nin: string, @Body() dto: CorrectFactDto) {
    const { fact, reason, associationId } = dto;
    return send(this.bus, req, dto, { type: 'CorrectFact', nin, fact, reason, associationId });
  }

  @Post(':nin/gp-changes')
  changeGp(@Req() req: CommandRequest, @Param('nin', ParseNinPipe) nin: string, @Body() dto: ChangeGpDto) {
    return send(this.bus, req, dto, {
      type: 'ChangeGp',
      nin,
      contractId: dto.contractId,
      requestedBy: dto.requestedBy,
    });
  }
}
