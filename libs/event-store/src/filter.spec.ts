import { compileFilter } from './filter';

describe('$all filters', () => {
  it('lets everything through when there is no filter or only empty parts', () => {
    expect(compileFilter(undefined)).toBeNull();
    expect(compileFilter({ streamNamePrefix: [], eventTypeRegex: '' })).toBeNull();
  });

  it('matches any of several prefixes from the start of the name only', () => {
    const matches = compileFilter({ streamNamePrefix: ['person-', 'gp-'] })!;
    expect(matches('person-1', 'T')).toBe(true);
    expect(matches('gp-9', 'T')).toBe(true);
    expect(matches('x-person-1', 'T')).toBe(false);
  });

  it('matches a regex anywhere (unanchored), and a non-empty regex wins over prefixes', () => {
    const matches = compileFilter({ eventTypeRegex: 'Listed', eventTypePrefix: ['Gp'] })!;
    expect(matches('s', 'PatientListed')).toBe(true);
    expect(matches('s', 'GpAssigned')).toBe(false);
  });

  it('requires both the stream and the type condition when both are given', () => {
    const matches = compileFilter({ streamNamePrefix: ['person-'], eventTypePrefix: ['Patient'] })!;
    expect(matches('person-1', 'PatientListed')).toBe(true);
    expect(matches('gp-1', 'PatientListed')).toBe(false);
    expect(matches('person-1', 'GpAssigned')).toBe(false);
  });
});
