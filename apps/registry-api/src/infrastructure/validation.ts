import {
  type ArgumentMetadata,
  Injectable,
  type PipeTransform,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import {
  DEFAULT_REGISTER_RULES,
  type FieldError,
  InvalidInput,
  osloDateOf,
  isValidBusinessDate,
  isValidOrgNo,
  isValidHpr,
  addDays,
  municipalityCodes,
  type NinPolicy,
  parseNin,
} from '@flr/domain';

/** Set once at start-up from the rule settings (synthetic numbers, the 2032 rule). */
let ninPolicy: Partial<NinPolicy> = {};
export function configureNinPolicy(policy: Partial<NinPolicy>): void {
  ninPolicy = policy;
}

/** The date settings the field checks use, set once at start-up from the register's rule settings. */
export interface DateChecks {
  /** §3.10: `FLR_RULE_SCHEME_START`. */
  readonly schemeStart: string;
  /** `FLR_RULE_ADVANCE_NOTICE_DAYS`: how far ahead a move or an emigration may be registered. */
  readonly advanceNoticeDays: number;
}
let dateChecks: DateChecks = {
  schemeStart: DEFAULT_REGISTER_RULES.schemeStart,
  advanceNoticeDays: DEFAULT_REGISTER_RULES.advanceNoticeDays,
};
export function configureDateChecks(checks: DateChecks): void {
  dateChecks = checks;
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

/**
 * A fødselsnummer or D-nummer (11 digits, mod-11). The error code is INVALID_NIN or NOT_A_REGISTER_ID.
 * With `each` (a list such as `parents`) the constraint is named `isNinList`, so the 400 names each
 * wrong element; a single number sent as an array is one error on the field itself.
 */
export function IsNin(options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: options?.each ? 'isNinList' : 'isNin',
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

/** An HPR number (or a HER-id): a whole number from 1 to 999,999,999, one message however it fails. */
export const IsHprNumber = simple(
  'isHprNumber',
  (v) => typeof v === 'number' && isValidHpr(v),
  'must be a whole number from 1 to 999999999 (at most 9 digits)',
);

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
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch of an ISO-8601 instant with an offset, or undefined when it is not
 * one. Stricter than `Date.parse`, which rolls 2024-02-30 over to March, accepts T24:00 and any
 * number of fractional digits: here every field must be in range on the proleptic Gregorian
 * calendar, at most nine fractional digits (what Temporal can hold), offsets within ±23:59.
 */
export function parseStrictInstant(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = INSTANT.exec(raw);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[8] !== 'Z' && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export const IsInstant = simple(
  'isInstant',
  (v) => parseStrictInstant(v) !== undefined,
  'must be an ISO-8601 instant with offset (a real calendar date, hours 00-23, at most 9 fractional digits)',
);

/** Clock skew tolerated between a client and the register for `registeredAt`. */
export const REGISTERED_AT_SKEW_MS = 5 * 60_000;

/** `registeredAt` is when the register received the command: never in the future. */
export const NotInTheFuture = simple(
  'notInTheFuture',
  (v) => {
    const ms = parseStrictInstant(v);
    return ms === undefined || ms <= Date.now() + REGISTERED_AT_SKEW_MS;
  },
  'must not lie in the future (it is when the register received the command)',
);

/**
 * A date of a fact that has already happened (a death, a birth): on or before the day the register
 * received the command (`registeredAt`, default today, Europe/Oslo).
 */
export function NotAfterRegistration(options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'notAfterRegistration',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must not be after the day the command is registered`, ...options },
      validator: {
        validate: (value: unknown, args) => {
          if (typeof value !== 'string' || !isValidBusinessDate(value)) return true; // IsBusinessDate says why
          const registered = registeredDateOf(args?.object);
          return registered === undefined || value <= registered;
        },
      },
    });
}

/** The Oslo date of the command's `registeredAt` (default now); undefined when it is not an instant. */
function registeredDateOf(dto: unknown): string | undefined {
  const raw = (dto as { registeredAt?: unknown } | undefined)?.registeredAt;
  const ms = raw === undefined || raw === null ? Date.now() : parseStrictInstant(raw);
  return ms === undefined ? undefined : osloDateOf(new Date(ms));
}

/**
 * A move or an emigration may be reported ahead of the day it happens, but no more than
 * `FLR_RULE_ADVANCE_NOTICE_DAYS` after the day the command is registered.
 */
export function WithinAdvanceNotice(options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'withinAdvanceNotice',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args) => {
          if (typeof value !== 'string' || !isValidBusinessDate(value)) return true;
          const registered = registeredDateOf(args?.object);
          return registered === undefined || value <= addDays(registered, dateChecks.advanceNoticeDays);
        },
        defaultMessage: (args) =>
          `${args?.property} may lie at most ${dateChecks.advanceNoticeDays} days after the day the command is registered`,
      },
    });
}

/**
 * A date that must agree with the birth date encoded in the identity number in `ninField` (RegisterPerson's
 * birthDate); skipped when that number is itself invalid (IsNin says why).
 */
export function MatchesBirthDateOf(ninField: string, options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'matchesBirthDateOf',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must agree with the date of birth encoded in ${ninField}`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args) => {
          if (typeof value !== 'string' || !isValidBusinessDate(value)) return true;
          const born = birthDateIn((args?.object as Record<string, unknown>)?.[ninField]);
          return born === undefined || born === value;
        },
      },
    });
}

/** A date that may not precede the birth of the person whose number is in `ninField` (placements). */
export function NotBeforeBirthOf(ninField: string, options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'notBeforeBirthOf',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must not be before the person was born`, ...options },
      validator: {
        validate: (value: unknown, args) => {
          if (typeof value !== 'string' || !isValidBusinessDate(value)) return true;
          const born = birthDateIn((args?.object as Record<string, unknown>)?.[ninField]);
          return born === undefined || value >= born;
        },
      },
    });
}

/** The birth date a valid fødselsnummer or D-nummer encodes; undefined for anything else. */
export function birthDateIn(nin: unknown): string | undefined {
  const result = parseNin(nin, ninPolicy);
  return result.ok ? result.nin.birthDate : undefined;
}

/**
 * A fact about a person (death, move, emigration) cannot precede their birth: 400 naming the field.
 * For path identity numbers, which no body validator sees.
 */
export function assertNotBeforeBirth(nin: string, date: string, field: string): void {
  const born = birthDateIn(nin);
  if (born !== undefined && isValidBusinessDate(date) && date < born) {
    throw new InvalidInput('INVALID_INPUT', [
      { field, message: `${field} must not be before the person was born` },
    ]);
  }
}

/**
 * Reason `INITIAL_2001` is the initial distribution of the scheme (§3.10): a placement with that reason
 * takes effect no later than the scheme's first day, and is registered before it unless `effectiveFrom`
 * says so.
 */
export function InitialDistributionOnly(options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'initialDistributionOnly',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args) => {
          if (value !== 'INITIAL_2001') return true;
          const dto = args?.object as { effectiveFrom?: unknown } | undefined;
          const effective =
            typeof dto?.effectiveFrom === 'string' ? dto.effectiveFrom : registeredDateOf(args?.object);
          return effective === undefined || effective <= dateChecks.schemeStart;
        },
        defaultMessage: (args) =>
          `${args?.property} INITIAL_2001 is the initial distribution: only for placements effective on or before ${dateChecks.schemeStart}`,
      },
    });
}

function dynamic(name: string, test: (value: string) => boolean, message: () => string) {
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string): void =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName,
        options,
        validator: {
          validate: (value: unknown) =>
            typeof value !== 'string' || !isValidBusinessDate(value) || test(value),
          defaultMessage: () => `${propertyName} ${message()}`,
        },
      });
}

/** Dates in the register's history start with the scheme (§3.10, `FLR_RULE_SCHEME_START`). */
export const NotBeforeScheme = dynamic(
  'notBeforeScheme',
  (v) => v >= dateChecks.schemeStart,
  () => `must not be before the GP scheme began (${dateChecks.schemeStart})`,
);

/**
 * The daily job's earliest date: the initial distribution for the scheme's first day ran in the months
 * before (INITIAL_2001 placements are decided before the scheme starts), so its year is the first.
 */
export const NotBeforeSchemeYear = dynamic(
  'notBeforeSchemeYear',
  (v) => v >= `${dateChecks.schemeStart.slice(0, 4)}-01-01`,
  () => `must not be before ${dateChecks.schemeStart.slice(0, 4)}, the year the GP scheme began`,
);

/**
 * Contract ids are chosen by the caller and become part of a stream name, so they stay plain: letters
 * (Norwegian Æ Ø Å included), digits, dot, dash, underscore; 1-64 characters, starting with a letter or digit.
 */
export const CONTRACT_ID = /^[A-Za-z0-9ÆØÅæøå][A-Za-z0-9ÆØÅæøå._-]{0,63}$/;
export const CONTRACT_ID_RULE = 'must be 1-64 letters (Æ Ø Å included), digits, dot, dash or underscore';

/**
 * A contract id in a query path: anything the write side could never have created is a 400 naming
 * the parameter, before it reaches a read-model key (LMDB keys are limited to ~2 kB).
 */
@Injectable()
export class ContractIdParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !CONTRACT_ID.test(value)) {
      const field = metadata.data ?? 'id';
      throw new InvalidInput('INVALID_INPUT', [{ field, message: `${field} ${CONTRACT_ID_RULE}` }]);
    }
    return value;
  }
}

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
    const constraints = Object.entries(e.constraints ?? {});
    if (constraints.length > 0 && (e.value === undefined || e.value === null)) {
      // A missing required field is one error, not one per check it would have had to pass.
      out.push({ field, message: `${field} is required` });
    } else {
      for (const [name, message] of constraints) {
        if (name === 'isNinList' && Array.isArray(e.value)) out.push(...ninListErrors(field, e.value));
        else if (name === 'isNin' || name === 'isNinList') out.push({ field, message, nin: e.value });
        else out.push({ field, message });
      }
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** A list of identity numbers (`parents`): one error per wrong element, each with its own reason. */
function ninListErrors(field: string, values: readonly unknown[]) {
  return values.flatMap((nin, i) => {
    const result = parseNin(nin, ninPolicy);
    return result.ok ? [] : [{ field: `${field}[${i}]`, message: result.message, nin }];
  });
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
