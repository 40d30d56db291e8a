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
import { type AddressDto, UpdateContractDto } from './updates.dto';

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

  /** §2.4 (FLR UpdateGPContract → ContractUpdated): office, co-operation, accessibility, salary, utekontor. */
  @Post(':id/updates')
  @HttpCode(200)
  update(
    @Req() req: CommandRequest,
    @Param('id', ContractIdParamPipe) id: string,
    @Body() dto: UpdateContractDto,
  ) {
    const { commandId: _c, registeredAt: _r, validFrom, officeAddress, outOfOfficeLocations, ...rest } = dto;
    const changes = Object.fromEntries(
      Object.entries({
        ...rest,
        officeAddress: officeAddress && address(officeAddress),
        outOfOfficeLocations: outOfOfficeLocations?.map((l) => ({
          description: l.description,
          address: address(l.address),
        })),
      }).filter(([, v]) => v !== undefined),
    );
    return send(this.bus, req, dto, { type: 'UpdateContract', contractId: id, validFrom, changes });
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

/** A plain address with its fields in one order (the decider compares details by value). */
function address(a: AddressDto) {
  return { street: a.street, postalCode: a.postalCode, city: a.city };
}
