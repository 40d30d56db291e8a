import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  IsBusinessDate,
  IsHprNumber,
  IsMunicipalityNumber,
  IsOrgNo,
  NotBeforeScheme,
} from '../infrastructure/validation';
import { CommandFieldsDto } from './command-fields.dto';

/** A Norwegian postal address: street, 4-digit postnummer, poststed. */
export class AddressDto {
  @ApiProperty({ example: 'Sandakerveien 24' })
  @IsString()
  @Length(1, 200)
  street!: string;

  @ApiProperty({ example: '0473', description: '4-digit postnummer' })
  @Matches(/^\d{4}$/, { message: 'postalCode must be a 4-digit postnummer' })
  postalCode!: string;

  @ApiProperty({ example: 'Oslo' })
  @IsString()
  @Length(1, 100)
  city!: string;
}

/** An utekontor (satellite location, FLR OutOfOfficeLocation). */
export class OutOfOfficeLocationDto {
  @ApiProperty({ example: 'Tirsdager på Nydalen helsehus' })
  @IsString()
  @Length(1, 200)
  description!: string;

  @ApiProperty({ type: AddressDto })
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;
}

/** UpdateGp (§2.2, §1.9): at least one of name, specialistInGeneralPractice, herId, from `validFrom`. */
export class UpdateGpDto extends CommandFieldsDto {
  @ApiProperty({ description: 'The first day the new details hold (valid time)' })
  @IsBusinessDate()
  @NotBeforeScheme()
  validFrom!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ description: 'Specialist in general practice (allmennmedisin), from HPR' })
  @IsOptional()
  @IsBoolean()
  specialistInGeneralPractice?: boolean;

  @ApiPropertyOptional({ description: 'HER-id in Adresseregisteret (§1.9), a positive integer' })
  @IsOptional()
  @IsHprNumber()
  herId?: number;
}

/** UpdateContract (§2.4): at least one detail, from `validFrom`; lists are replaced whole. */
export class UpdateContractDto extends CommandFieldsDto {
  @ApiProperty({ description: 'The first day the new details hold (valid time)' })
  @IsBusinessDate()
  @NotBeforeScheme()
  validFrom!: string;

  @ApiPropertyOptional({ description: 'The office the list moves to (FLR UpdateGPOfficeOnGPContracts)' })
  @IsOptional()
  @IsOrgNo()
  officeOrgNo?: string;

  @ApiPropertyOptional({ description: 'The office’s name (GPOffice.Name)' })
  @IsOptional()
  @IsString()
  @Length(1, 150)
  officeName?: string;

  @ApiPropertyOptional({ type: AddressDto, description: 'The office’s visiting address (RES)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  officeAddress?: AddressDto;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Co-operating municipalities (CoopMunicipalities), replacing the current set: no duplicates, not the contract’s own municipality, each in force on validFrom',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsMunicipalityNumber({ each: true })
  coopMunicipalities?: string[];

  @ApiPropertyOptional({ description: 'Tilgang for bevegelseshemmede: accessible to the mobility-impaired' })
  @IsOptional()
  @IsBoolean()
  accessibleToMobilityImpaired?: boolean;

  @ApiPropertyOptional({ description: 'Fastlønnet (true) or næringsdrivende (false)' })
  @IsOptional()
  @IsBoolean()
  fixedSalary?: boolean;

  @ApiPropertyOptional({
    type: [OutOfOfficeLocationDto],
    description: 'Utekontor (OutOfOfficeOffices), replacing the current set; [] removes them all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OutOfOfficeLocationDto)
  outOfOfficeLocations?: OutOfOfficeLocationDto[];
}

/** CorrectRenumbering (issue 11): why the renumbering was recorded by mistake. */
export class CorrectRenumberingDto extends CommandFieldsDto {
  @ApiProperty({ description: 'Why the renumbering was wrong (kept in the register and announced)' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}
