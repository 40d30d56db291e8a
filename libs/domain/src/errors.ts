/**
 * Typed outcomes that are not events. Mapped to HTTP in one place (the API's exception filter):
 * InvalidInput -> 400, UnknownResource -> 404, RuleRefusal -> 409.
 */

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class InvalidInput extends Error {
  constructor(
    /** INVALID_INPUT | INVALID_NIN | NOT_A_REGISTER_ID | ... */
    readonly code: string,
    readonly errors: readonly FieldError[],
  ) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; ') || code);
    this.name = 'InvalidInput';
  }
}

export class UnknownResource extends Error {
  constructor(
    /** UNKNOWN_PERSON | UNKNOWN_CONTRACT | UNKNOWN_GP | NO_GP | ... */
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'UnknownResource';
  }
}

/** A command refused by a register rule: a stable code and the rule id from DOMAIN.md. */
export class RuleRefusal extends Error {
  constructor(
    readonly code: string,
    readonly rule: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'RuleRefusal';
  }
}
