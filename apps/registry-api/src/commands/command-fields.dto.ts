import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CONTRACT_ID, CONTRACT_ID_RULE, IsInstant, NotInTheFuture } from '../infrastructure/validation';

/** Fields every command accepts (API.md conventions): an idempotency key and the registration instant. */
export class CommandFieldsDto {
  // No example value: a pre-filled constant would make every Try-it-out reuse one idempotency key.
  @ApiPropertyOptional({
    description:
      'Idempotency key: the same id with the same command and body answers the first outcome and writes nothing; with another command or body it is refused (409 IDEMPOTENCY_KEY_REUSED). Use a fresh UUID per command, or leave it out.',
    nullable: true,
    example: null,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  commandId?: string;

  @ApiPropertyOptional({
    description: 'The instant the register received the command (ISO 8601, with offset); default now.',
    nullable: true,
    example: null,
  })
  @IsOptional()
  @IsInstant()
  @NotInTheFuture()
  registeredAt?: string;
}

export { CONTRACT_ID } from '../infrastructure/validation';

/** Contract ids are chosen by the caller; they become part of a stream name, so keep them plain. */
export const ContractIdFormat = () => Matches(CONTRACT_ID, { message: `$property ${CONTRACT_ID_RULE}` });
