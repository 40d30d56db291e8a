import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsInstant } from '../infrastructure/validation';

/** Fields every command accepts (API.md conventions): an idempotency key and the registration instant. */
export class CommandFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  commandId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  registeredAt?: string;
}

/** Contract ids are chosen by the caller; they become part of a stream name, so keep them plain. */
export const CONTRACT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ContractIdFormat = () =>
  Matches(CONTRACT_ID, { message: 'contractId must be 1-64 letters, digits, dot, dash or underscore' });
