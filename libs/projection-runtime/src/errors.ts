export class ProjectionRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A definition with a bad name or version, or a duplicate name+version. Nothing is registered. */
export class InvalidProjectionDefinitionError extends ProjectionRuntimeError {
  constructor(
    readonly projection: string,
    readonly reason:
      | 'invalid-name'
      | 'invalid-version'
      | 'duplicate'
      | 'invalid-event-types'
      | 'invalid-rebuild-weight',
  ) {
    super(`Invalid projection definition ${projection}: ${reason}`);
  }
}

export class UnknownProjectionError extends ProjectionRuntimeError {
  constructor(readonly projection: string) {
    super(`Unknown projection ${projection}`);
  }
}

/** The runtime is not in the state the call needs (e.g. reading before start()). */
export class ProjectionRuntimeStateError extends ProjectionRuntimeError {}

/** A rebuild ended without switching: its copy failed or the runtime stopped. */
export class ProjectionRebuildError extends ProjectionRuntimeError {
  constructor(
    readonly projection: string,
    reason: string,
  ) {
    super(`Rebuild of ${projection} did not complete: ${reason}`);
  }
}
