import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CommandFieldsDto } from './command-fields.dto';

export const CORRECTABLE_FACTS = ['death', 'move', 'emigration', 'opt-out', 'placement'] as const;

/** CorrectFact: annul a wrongly recorded fact, with the reason (issue 11). */
export class CorrectFactDto extends CommandFieldsDto {
  @ApiProperty({ enum: CORRECTABLE_FACTS, description: 'The kind of fact recorded by mistake' })
  @IsIn(CORRECTABLE_FACTS)
  fact!: (typeof CORRECTABLE_FACTS)[number];

  @ApiProperty({ description: 'Why the fact was wrong (kept in the register and announced)' })
  @IsString()
  @Length(3, 500)
  reason!: string;

  @ApiPropertyOptional({
    description: 'For a placement: the association id of the link to annul (default: the latest)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  associationId?: string;
}
