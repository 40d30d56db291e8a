import { UnknownResource } from '@flr/domain';
import { notFound } from './read-side';

describe('notFound', () => {
  it('is the UnknownResource the error filter maps to 404, without a captured stack', () => {
    const limit = Error.stackTraceLimit;
    const error = notFound('NO_GP', 'Personen er ikke tilknyttet fastlegekontrakt');
    expect(error).toBeInstanceOf(UnknownResource);
    expect(error).toMatchObject({ code: 'NO_GP', message: 'Personen er ikke tilknyttet fastlegekontrakt' });
    expect(error.stack?.split('\n')).toEqual([
      'UnknownResource: Personen er ikke tilknyttet fastlegekontrakt',
    ]);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
