import { counter } from '../test/fixtures';
import { InvalidProjectionDefinitionError, UnknownProjectionError } from './errors';
import { ProjectionRegistry } from './registry';
import type { ProjectionDefinition } from './types';

describe('ProjectionRegistry', () => {
  it('keeps several versions of a name and names the highest one latest', () => {
    const registry = new ProjectionRegistry().add(counter({ version: 1 })).add(counter({ version: 3 }));
    expect(registry.latest('counter').version).toBe(3);
    expect(registry.get('counter', 1)?.version).toBe(1);
    expect(registry.names()).toEqual(['counter']);
  });

  it.each([
    ['an upper-case name', { name: 'Counter' }, 'invalid-name'],
    ['a name with a dot', { name: 'counter.v2' }, 'invalid-name'],
    ['version zero', { version: 0 }, 'invalid-version'],
    ['a fractional version', { version: 1.5 }, 'invalid-version'],
    ['an empty event type', { eventTypes: [''] }, 'invalid-event-types'],
  ])('refuses a definition with %s', (_, change, reason) => {
    const definition = { ...counter(), ...change } as ProjectionDefinition;
    const registry = new ProjectionRegistry();
    expect(() => registry.add(definition)).toThrow(expect.objectContaining({ reason }));
    expect(registry.names()).toEqual([]);
  });

  it('refuses the same name and version twice', () => {
    const registry = new ProjectionRegistry().add(counter());
    expect(() => registry.add(counter())).toThrow(InvalidProjectionDefinitionError);
  });

  it('registers every definition into a runtime-like target', () => {
    const registered: string[] = [];
    new ProjectionRegistry()
      .add(counter({ name: 'a' }))
      .add(counter({ name: 'b', version: 2 }))
      .registerInto({ register: (d) => registered.push(`${d.name}.v${d.version}`) });
    expect(registered).toEqual(['a.v1', 'b.v2']);
  });

  it('answers latest of an unknown name with UnknownProjectionError', () => {
    expect(() => new ProjectionRegistry().latest('nope')).toThrow(UnknownProjectionError);
  });
});
