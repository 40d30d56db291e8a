import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** An optional query parameter in the OpenAPI document (otherwise inferred as required). */
export const OptionalQuery = (name: string, description: string) =>
  ApiQuery({ name, required: false, description });

/** The bitemporal pair every query accepts: valid time `at` and record time `asOf`. */
export const AtAndAsOf = () =>
  applyDecorators(
    OptionalQuery('at', 'Valid time: business date YYYY-MM-DD (Europe/Oslo); default today'),
    OptionalQuery('asOf', 'Record time: ISO-8601 instant; the register as it knew things then'),
  );

export const AsOfOnly = () =>
  OptionalQuery('asOf', 'Record time: ISO-8601 instant; the register as it knew things then');
