import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import {
  IsBusinessDate,
  IsHprNumber,
  IsMunicipalityNumber,
  IsOrgNo,
  NotBeforeScheme,
} from '../infrastructure/validation';
import { CommandFieldsDto, ContractIdFormat } from './command-fields.dto';
import { LIST_STATUSES, RELATIONSHIPS } from './enums';

export class CreateContractDto extends CommandFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ContractIdFormat()
  contractId?: string;

  @ApiProperty()
  @IsMunicipalityNumber()
  municipality!: string;

  @ApiProperty()
  @IsOrgNo()
  officeOrgNo!: string;

  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(5000)
  maxPatients!: number;

  @ApiProperty()
  @IsBusinessDate()
  @NotBeforeScheme()
  validFrom!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  commonList?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  fixedSalary?: boolean;

  @ApiPropertyOptional({ enum: LIST_STATUSES })
  @IsOptional()
  @IsIn(LIST_STATUSES)
  status?: 'open' | 'closed' | 'locked';
}

export class ChangeCeilingDto extends CommandFieldsDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(5000)
  maxPatients!: number;
}

export class ChangeStatusDto extends CommandFieldsDto {
  @ApiProperty({ enum: LIST_STATUSES })
  @IsIn(LIST_STATUSES)
  status!: 'open' | 'closed' | 'locked';
}

export class StartDoctorPeriodDto extends CommandFieldsDto {
  @ApiPropertyOptional({
    description: 'Chosen by the caller (as a contractId is), or generated; needed to end the period',
  })
  @IsOptional()
  @ContractIdFormat()
  periodId?: string;

  @ApiProperty()
  @IsHprNumber()
  hpr!: number;

  @ApiProperty({ enum: RELATIONSHIPS })
  @IsIn(RELATIONSHIPS)
  relationship!: 'LPFL' | 'LPVI';

  @ApiProperty()
  @IsBusinessDate()
  from!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBusinessDate()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsHprNumber()
  substituteForHpr?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  workingPercentage?: number;
}

export class EndDoctorPeriodDto extends CommandFieldsDto {
  @ApiProperty()
  @IsBusinessDate()
  to!: string;
}

export class ReduceListDto extends CommandFieldsDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(5000)
  count!: number;

  @ApiProperty()
  @ContractIdFormat()
  toContractId!: string;

  @ApiProperty()
  @IsBusinessDate()
  effectiveFrom!: string;

  /** Any string or integer; recorded in the event so a replay reproduces the draw (R31). */
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }] })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value,
  )
  @IsString()
  @Length(1, 200)
  seed?: string;
}

export class CancelContractDto extends CommandFieldsDto {
  @ApiProperty()
  @IsBusinessDate()
  effectiveFrom!: string;

  @ApiProperty()
  @ContractIdFormat()
  moveToContractId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  endReason?: string;
}
