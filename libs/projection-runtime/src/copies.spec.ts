import { dealByWeight } from './copies';
import { ProjectionRegistry } from './registry';

describe('first copies dealt to threads by their rebuild weight', () => {
  const weights = new Map([
    ['directory', 1],
    ['waiting-lists', 1],
    ['public-events', 4],
  ]);
  const weight = (name: string) => weights.get(name) ?? 1;

  it('gives the heaviest a thread of its own and the others the second, in registration order', () => {
    expect(dealByWeight(['directory', 'waiting-lists', 'public-events'], 2, weight)).toEqual([
      ['public-events'],
      ['directory', 'waiting-lists'],
    ]);
  });

  it('with one thread keeps registration order; with equal weights deals them out one each first', () => {
    expect(dealByWeight(['directory', 'waiting-lists', 'public-events'], 1, weight)).toEqual([
      ['directory', 'waiting-lists', 'public-events'],
    ]);
    expect(dealByWeight(['a', 'b', 'c', 'd', 'e'], 3, () => 1)).toEqual([['a', 'd'], ['b', 'e'], ['c']]);
    expect(dealByWeight(['a', 'b'], 3, () => 1)).toEqual([['a'], ['b']]);
  });

  it('refuses a weight that is not a positive number', () => {
    const definition = (rebuildWeight: number) => ({
      name: 'p',
      version: 1,
      rebuildWeight,
      evolve: () => undefined,
    });
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => new ProjectionRegistry().add(definition(bad))).toThrow(/invalid-rebuild-weight/);
    expect(() => new ProjectionRegistry().add(definition(0.5))).not.toThrow();
  });
});
