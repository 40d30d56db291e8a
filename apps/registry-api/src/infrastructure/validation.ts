import {
  type ArgumentMetadata,
  Injectable,
  type PipeTransform,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import {
  type FieldError,
  InvalidInput,
  isValidBusinessDate,
  isValidOrgNo,
  municipalityCodes,
  type NinPolicy,
  parseNin,
} from '@flr/domain';

/** Set once at start-up from the rule settings (synthetic numbers, the 2032 rule). */
let ninPolicy: Partial<NinPolicy> = {};
export function configureNinPolicy(policy: Partial<NinPolicy>): void {
  ninPolicy = policy;
}

function simple(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string): void =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName,
        options: { message: `${propertyName} ${message}`, ...options },
        validator: { validate: (value: unknown) => test(value) },
      });
}

/** A fødselsnummer or D-nummer (11 digits, mod-11). The error code is INVALID_NIN or NOT_A_REGISTER_ID. */
export function IsNin(options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isNin',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => parseNin(value, ninPolicy).ok,
        defaultMessage: (args) => {
          const result = parseNin(args?.value, ninPolicy);
          return result.ok ? '' : result.message;
        },
      },
    });
}

export const IsBusinessDate = simple(
  'isBusinessDate',
  (v) => typeof v === 'string' && isValidBusinessDate(v),
  'must be a date YYYY-MM-DD',
);
export const IsOrgNo = simple(
  'isOrgNo',
  (v) => typeof v === 'string' && isValidOrgNo(v),
  'must be a 9-digit organisation number with a valid mod-11 check digit',
);
export const IsMunicipalityNumber = simple(
  'isMunicipalityNumber',
  (v) => typeof v === 'string' && /^\d{4}$/.test(v) && municipalityCodes.exists(v),
  'must be a 4-digit kommunenummer known since 2001',
);
export const IsInstant = simple(
  'isInstant',
  (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
    !Number.isNaN(Date.parse(v)),
  'must be an ISO-8601 instant with offset',
);

function flatten(
  errors: readonly ValidationError[],
  prefix = '',
): { field: string; message: string; nin?: unknown }[] {
  const out: { field: string; message: string; nin?: unknown }[] = [];
  for (const e of errors) {
    const field = prefix
      ? /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`
      : e.property;
    for (const [name, message] of Object.entries(e.constraints ?? {})) {
      out.push(name === 'isNin' ? { field, message, nin: e.value } : { field, message });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Maps class-validator errors to API.md's 400 body; an identifier error wins the code. */
export function toInvalidInput(errors: readonly ValidationError[]): InvalidInput {
  const flat = flatten(errors);
  let code = 'INVALID_INPUT';
  for (const e of flat) {
    // A missing identifier is a missing field (INVALID_INPUT); a present but wrong one is INVALID_NIN.
    if (!('nin' in e) || e.nin === undefined || e.nin === null) continue;
    const result = parseNin(e.nin, ninPolicy);
    if (!result.ok)
      code = result.code === 'NOT_A_REGISTER_ID' && code !== 'INVALID_NIN' ? result.code : 'INVALID_NIN';
  }
  const fieldErrors: FieldError[] = flat.map(({ field, message }) => ({ field, message }));
  return new InvalidInput(code, fieldErrors);
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => toInvalidInput(errors),
  });
}

/** Parses a NIN path parameter: 400 INVALID_NIN / NOT_A_REGISTER_ID when it is not a register id. */
@Injectable()
export class ParseNinPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    const result = parseNin(value, ninPolicy);
    if (!result.ok) {
      throw new InvalidInput(result.code, [{ field: metadata.data ?? 'nin', message: result.message }]);
    }
    return result.nin.value;
  }
}
