import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ENTITLEMENTS, SEXES } from './enums';
import {
  IsBusinessDate,
  IsMunicipalityNumber,
  IsNin,
  MatchesBirthDateOf,
  NotAfterRegistration,
  WithinAdvanceNotice,
} from '../infrastructure/validation';
import { CommandFieldsDto } from './command-fields.dto';

export class RegisterPersonDto extends CommandFieldsDto {
  @ApiProperty()
  @IsNin()
  nin!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBusinessDate()
  @NotAfterRegistration()
  @MatchesBirthDateOf('nin')
  birthDate?: string;

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @IsIn(SEXES)
  sex?: 'male' | 'female';

  @ApiProperty()
  @IsMunicipalityNumber()
  municipality!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  householdId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ArrayUnique({ message: 'parents must name two different persons' })
  @IsNin({ each: true })
  parents?: string[];

  @ApiPropertyOptional({ enum: ENTITLEMENTS })
  @IsOptional()
  @IsIn(ENTITLEMENTS)
  entitlement?: 'asylum-seeker' | 'nato' | 'diplomatic';
}

export class RecordMoveDto extends CommandFieldsDto {
  @ApiProperty()
  @IsMunicipalityNumber()
  municipality!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  householdId?: string;

  @ApiProperty()
  @IsBusinessDate()
  @WithinAdvanceNotice()
  movedOn!: string;
}

export class RecordDeathDto extends CommandFieldsDto {
  @ApiProperty()
  @IsBusinessDate()
  @NotAfterRegistration()
  diedOn!: string;
}

export class RecordEmigrationDto extends CommandFieldsDto {
  @ApiProperty()
  @IsBusinessDate()
  @WithinAdvanceNotice()
  emigratedOn!: string;
}

/** Opt-out / opt-in; a parent sharing the address may act for a child under 16 (R4, R11). */
export class OptOutDto extends CommandFieldsDto {
  @ApiPropertyOptional({ description: "a parent's nin, acting for a child under 16 at the same address" })
  @IsOptional()
  @IsNin()
  requestedBy?: string;
}

export class ChangeNinDto extends CommandFieldsDto {
  @ApiProperty()
  @IsNin()
  newNin!: string;
}
