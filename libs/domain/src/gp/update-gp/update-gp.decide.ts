import { InvalidInput } from '../../errors';
import type { GpDetails, GpDetailsUpdated } from '../../events';
import { refuse, unknown } from '../../shared/refusals';
import { type GpState, gpDetailsOn } from '../gp.state';
import type { UpdateGp } from './update-gp.command';

/**
 * §2.2/§1.9 (FLR GPUpdated): records the fields that differ from the GP's details in force on
 * `validFrom`; an update that changes nothing is refused, so the feed never announces a non-change.
 */
export function updateGp(command: UpdateGp, state: GpState): GpDetailsUpdated[] {
  if (!state.registered) unknown('UNKNOWN_GP', `No GP with HPR number ${command.hpr}`);
  const given = Object.keys(command.changes) as (keyof GpDetails)[];
  if (given.length === 0)
    throw new InvalidInput('INVALID_INPUT', [
      { field: 'name', message: 'give at least one of name, specialistInGeneralPractice, herId' },
    ]);
  const before = gpDetailsOn(state, command.validFrom);
  const changed = given.filter((k) => command.changes[k] !== before[k]);
  if (changed.length === 0)
    refuse(
      'NOTHING_CHANGED',
      '§2.2',
      `The GP's ${given.join(', ')} on ${command.validFrom} already ${given.length > 1 ? 'are' : 'is'} as given`,
    );
  const changes: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  for (const k of changed) {
    changes[k] = command.changes[k];
    previous[k] = before[k];
  }
  return [
    {
      type: 'GpDetailsUpdated',
      data: {
        hpr: command.hpr,
        validFrom: command.validFrom,
        changes: changes as Partial<GpDetails>,
        previous: previous as Partial<GpDetails>,
      },
    },
  ];
}
