/**
 * A renumbering recorded by mistake is annulled (issue 11): the municipality keeps its number. The
 * reason is recorded (the actor is in the metadata); corrections never backdate (API.md).
 */
export interface CorrectRenumbering {
  readonly type: 'CorrectRenumbering';
  readonly number: string;
  readonly reason: string;
  readonly correctionId: string;
}

/** Facts from outside the municipality stream, as plain data. */
export interface CorrectRenumberingFacts {
  /** The number the wrong renumbering gave has itself been renumbered since (a chain built on it). */
  readonly newNumberRenumberedSince: boolean;
}
