import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  IsBusinessDate,
  IsHprNumber,
  InitialDistributionOnly,
  IsNin,
  NotAfterRegistration,
  NotBeforeBirthOf,
  NotBeforeScheme,
  NotBeforeSchemeYear,
} from '../infrastructure/validation';
import { CommandFieldsDto, ContractIdFormat } from './command-fields.dto';
import { BEGIN_REASON_CODES, SEXES } from './enums';

export class AssignPatientDto extends CommandFieldsDto {
  @ApiProperty()
  @IsNin()
  nin!: string;

  @ApiProperty()
  @ContractIdFormat()
  contractId!: string;

  @ApiPropertyOptional({ enum: BEGIN_REASON_CODES })
  @IsOptional()
  @IsIn(BEGIN_REASON_CODES)
  @InitialDistributionOnly()
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  overrideReason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBusinessDate()
  @NotBeforeBirthOf('nin')
  @NotBeforeScheme()
  effectiveFrom?: string;
}

export class ChangeGpDto extends CommandFieldsDto {
  @ApiProperty()
  @ContractIdFormat()
  contractId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNin()
  requestedBy?: string;
}

export class JoinWaitingListDto extends CommandFieldsDto {
  @ApiProperty()
  @IsNin()
  nin!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNin()
  requestedBy?: string;
}

export class RemoveFromListDto extends CommandFieldsDto {
  @ApiProperty()
  @IsNin()
  nin!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBusinessDate()
  @NotBeforeBirthOf('nin')
  @NotBeforeScheme()
  effectiveFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ContractIdFormat()
  moveToContractId?: string;
}

export class RegisterGpDto extends CommandFieldsDto {
  @ApiProperty()
  @IsHprNumber()
  hpr!: number;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBusinessDate()
  @NotAfterRegistration()
  birthDate?: string;

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @IsIn(SEXES)
  sex?: 'male' | 'female';

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  specialistInGeneralPractice?: boolean;
}

export class RenumberMunicipalityDto extends CommandFieldsDto {
  @ApiProperty()
  @Matches(/^\d{4}$/, { message: 'newNumber must be a 4-digit kommunenummer' })
  newNumber!: string;

  @ApiProperty()
  @IsBusinessDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({
    description:
      'Required when the number pair and date are no reform in the national code history (§1.8); recorded in the event',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  overrideReason?: string;
}

/** R9: PUT /v1/municipalities/{number}/auto-assignment. */
export class SetAutoAssignmentDto extends CommandFieldsDto {
  @ApiProperty({
    description:
      'false: unassigned residents are no longer placed automatically (children under 16 still go with a parent)',
  })
  @IsBoolean()
  enabled!: boolean;
}

export class RunDailyJobDto extends CommandFieldsDto {
  @ApiProperty()
  @IsBusinessDate()
  @NotBeforeSchemeYear()
  // API.md: the job acts on the facts registered up to the end of `date`, not known before that day.
  @NotAfterRegistration()
  date!: string;
}
