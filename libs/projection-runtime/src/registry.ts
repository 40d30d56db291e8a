import { InvalidProjectionDefinitionError, UnknownProjectionError } from './errors';
import type { ProjectionDefinition } from './types';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Identity helper that keeps the definition's literal types. */
export function defineProjection<D extends ProjectionDefinition>(definition: D): D {
  return definition;
}

/**
 * The registered definitions, by name and version (Nest-free: modules add theirs in onModuleInit).
 * Several versions of one name may be registered: the highest is the target, the older ones keep
 * their copy current while the new one is built beside it (DESIGN §3.5).
 */
export class ProjectionRegistry {
  private readonly byName = new Map<string, Map<number, ProjectionDefinition>>();

  add(definition: ProjectionDefinition): this {
    validate(definition);
    const versions = this.byName.get(definition.name) ?? new Map<number, ProjectionDefinition>();
    if (versions.has(definition.version)) {
      throw new InvalidProjectionDefinitionError(label(definition), 'duplicate');
    }
    versions.set(definition.version, definition);
    this.byName.set(definition.name, versions);
    return this;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The highest registered version of `name`. */
  latest(name: string): ProjectionDefinition {
    const versions = this.byName.get(name);
    if (!versions) throw new UnknownProjectionError(name);
    return versions.get(Math.max(...versions.keys()))!;
  }

  get(name: string, version: number): ProjectionDefinition | undefined {
    return this.byName.get(name)?.get(version);
  }

  definitions(): ProjectionDefinition[] {
    return [...this.byName.values()].flatMap((versions) => [...versions.values()]);
  }

  /** Registers every definition into a runtime (or anything with a `register`). */
  registerInto(target: { register(definition: ProjectionDefinition): void }): void {
    for (const definition of this.definitions()) target.register(definition);
  }
}

function validate(definition: ProjectionDefinition): void {
  if (typeof definition.name !== 'string' || !NAME.test(definition.name)) {
    throw new InvalidProjectionDefinitionError(String(definition.name), 'invalid-name');
  }
  if (!Number.isSafeInteger(definition.version) || definition.version < 1) {
    throw new InvalidProjectionDefinitionError(label(definition), 'invalid-version');
  }
  const types = definition.eventTypes;
  if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || !t))) {
    throw new InvalidProjectionDefinitionError(label(definition), 'invalid-event-types');
  }
  const weight = definition.rebuildWeight;
  if (weight !== undefined && !(typeof weight === 'number' && Number.isFinite(weight) && weight > 0)) {
    throw new InvalidProjectionDefinitionError(label(definition), 'invalid-rebuild-weight');
  }
}

function label(definition: ProjectionDefinition): string {
  return `${definition.name}.v${definition.version}`;
}
