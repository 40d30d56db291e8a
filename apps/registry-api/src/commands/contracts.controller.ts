import { Body, Controller, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../infrastructure/auth';
import { ContractIdParamPipe } from '../infrastructure/validation';
import { type CommandRequest, send } from './command-context';
import {
  CancelContractDto,
  ChangeCeilingDto,
  ChangeStatusDto,
  CreateContractDto,
  EndDoctorPeriodDto,
  ReduceListDto,
  StartDoctorPeriodDto,
} from './contracts.dto';
import { RemoveFromListDto } from './placements.dto';

/** Contract (fastlegeavtale = list) commands (API.md). */
@ApiTags('commands')
@Roles('admin')
@Controller('v1/contracts')
export class ContractsCommandController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  create(@Req() req: CommandRequest, @Body() dto: CreateContractDto) {
    const { commandId: _c, registeredAt: _r, ...body } = dto;
    return send(this.bus, req, dto, { type: 'CreateContract', ...body });
  }

  @Put(':id/ceiling')
  ceiling(
    @Req() req: CommandRequest,
    @Param('id', ContractIdParamPipe) id: string,
    @Body() dto: ChangeCeilingDto,
  ) {
    return send(this.bus, req, dto, {
      type: 'ChangeListCeiling',
      contractId: id,
      maxPatients: dto.maxPatients,
    });
  }

  @Put(':id/status')
  status(
    @Req() req: CommandRequest,
    @Param('id', ContractIdParamPipe) id: string,
    @Body() dto: ChangeStatusDto,
  ) {
    return send(this.bus, req, dto, { type: 'ChangeListStatus', contractId: id, status: dto.status });
  }

  @Post(':id/doctors')
  startDoctor(
    @Req() req: CommandRequest,
    @Param('id', ContractIdParamPipe) id: string,
    @Body() dto: StartDoctorPeriodDto,
  ) {
    const { commandId: _c, registeredAt: _r, ...body } = dto;
    return send(this.bus, req, dto, { type: 'StartDoctorPeriod', contractId: id, ...body });
  }

  @Post(':id/doctors/:periodId/end')
  @HttpCode(200)
  endDoctor(
    @Req() req: CommandRequest,
    @Param('id', ContractIdParamPipe) id: string,
    @Param('periodId') periodId: string,
    @Body() dto: EndDoctorPeriodDto,
  ) {
    return send(this.bus, req, dto, { type: 'EndDoctorPeriod', contractId: id, periodId, to: dto.to });
  }

  @Post(':id/reductions')
  @HttpCode(200)
  reduce(
    @Req() req: CommandRequest,
    @Param('id', ContractIdParamPipe) id: string,
    @Body() dto: ReduceListDto,
  ) {
    const { commandId: _c, registeredAt: _r, ...body } = dto;
    return send(this.bus, req, dto, { type: 'ReduceList', contractId: id, ...body });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(
    @Req() req: CommandRequest,
    @Param('id', ContractIdParamPipe) id: string,
    @Body() dto: CancelContractDto,
  ) {
    const { commandId: _c, registeredAt: _r, ...body } = dto;
    return send(this.bus, req, dto, { type: 'CancelContract', contractId: id, ...body });
  }

  /** R32: removal after violent or threatening conduct; the person is barred from the list. */
  @Post(':id/removals')
  removal(
    @Req() req: CommandRequest,
    @Param('id', ContractIdParamPipe) id: string,
    @Body() dto: RemoveFromListDto,
  ) {
    const { commandId: _c, registeredAt: _r, ...body } = dto;
    return send(this.bus, req, dto, { type: 'RemoveFromList', contractId: id, ...body });
  }
}
