import { addDays, firstOfNextMonth } from '../calendar';
import { InvalidInput } from '../errors';
import type { PersonEvent } from '../events';
import { refuse } from '../shared/refusals';
import type { PersonCommand, PersonContext } from './person.commands';
import { assertActsForThemselves, assertRegistered, assertResident, effectiveDate } from './person.guards';
import { leaveScheme } from './person.leave';
import type { PersonState } from './person.state';

type Lifecycle = Extract<
  PersonCommand,
  {
    type:
      | 'RegisterPerson'
      | 'RecordMove'
      | 'RecordDeath'
      | 'RecordEmigration'
      | 'OptOut'
      | 'OptIn'
      | 'ChangeNin';
  }
>;

/** Facts from the population register (Folkeregisteret) and the person's own scheme choices. */
export function decideLifecycle(cmd: Lifecycle, state: PersonState, ctx: PersonContext): PersonEvent[] {
  const { rules, today } = ctx;
  switch (cmd.type) {
    case 'RegisterPerson': {
      if (state.registered)
        refuse('ALREADY_REGISTERED', 'R46', 'A person with that nin is already registered');
      const { type: _type, ...data } = cmd;
      return [
        { type: 'PersonRegistered', data: { ...data, parentIds: [...cmd.parentIds], registeredOn: today } },
      ];
    }
    case 'RecordMove': {
      assertRegistered(state);
      if (state.status === 'dead') refuse('PERSON_NOT_RESIDENT', 'R38', 'The person is registered as dead');
      // R40: a move never changes the GP; it only records the new address (and the R16/R13b options).
      // §1.8: both codes as they are on the move date, so a move inside a renumbered municipality (or
      // to its old number) is no move between municipalities.
      const canonical = ctx.canonicalMunicipality ?? ((n: string) => n);
      const fromMunicipality = canonical(state.municipality, cmd.movedOn);
      const municipality = canonical(cmd.municipality, cmd.movedOn);
      const events: PersonEvent[] = [
        {
          type: 'PersonMoved',
          data: {
            personId: state.personId,
            fromMunicipality,
            municipality,
            householdId: cmd.householdId,
            movedOn: cmd.movedOn,
          },
        },
      ];
      // R40/S43: the letter offering the lists with a free place in the new municipality.
      if (fromMunicipality !== municipality && ctx.listsWithPlaces) {
        const effectiveFrom = effectiveDate(today, rules);
        events.push({
          type: 'LetterSent',
          data: {
            personId: state.personId,
            kind: 'MOVE_OFFER',
            on: today,
            contractIds: ctx.listsWithPlaces(municipality, effectiveFrom),
            effectiveFrom,
          },
        });
      }
      return events;
    }
    case 'RecordDeath': {
      assertRegistered(state);
      if (state.status === 'dead') refuse('PERSON_NOT_RESIDENT', 'R38', 'The death is already registered');
      const end = rules.deathEndDate === 'day-after' ? addDays(cmd.diedOn, 1) : firstOfNextMonth(cmd.diedOn);
      return [
        { type: 'PersonDied', data: { personId: state.personId, diedOn: cmd.diedOn } },
        ...leaveScheme(state, end, 'DEATH', 'DEATH', cmd.diedOn),
      ];
    }
    case 'RecordEmigration': {
      assertResident(state);
      const end =
        rules.emigrationEndDate === 'day-after'
          ? addDays(cmd.emigratedOn, 1)
          : firstOfNextMonth(cmd.emigratedOn);
      return [
        { type: 'PersonEmigrated', data: { personId: state.personId, emigratedOn: cmd.emigratedOn } },
        ...leaveScheme(state, end, 'EMIGRATION', 'EMIGRATION', cmd.emigratedOn),
      ];
    }
    case 'OptOut': {
      assertResident(state);
      // R4/R11/R12: someone else may act only as a parent at the child's address, for a child under 16.
      if (ctx.requester) assertActsForThemselves(state, ctx);
      if (state.optedOut) refuse('ALREADY_OPTED_OUT', 'R4', 'The person has already opted out');
      // R42: the link ends the 1st of the next month, like any change (S10).
      return [
        { type: 'PersonOptedOut', data: { personId: state.personId, on: today } },
        ...leaveScheme(state, firstOfNextMonth(today), 'OPT_OUT', 'OPT_OUT', today),
      ];
    }
    case 'OptIn': {
      assertResident(state);
      if (ctx.requester) assertActsForThemselves(state, ctx);
      if (!state.optedOut) refuse('NOT_OPTED_OUT', 'R42', 'The person has not opted out');
      return [{ type: 'PersonOptedIn', data: { personId: state.personId, on: today } }];
    }
    case 'ChangeNin': {
      assertRegistered(state);
      if (cmd.newNin === state.nin) {
        throw new InvalidInput('INVALID_INPUT', [{ field: 'newNin', message: 'newNin is the current nin' }]);
      }
      // R41: history is keyed by the internal person id, so re-keying is one event.
      return [
        {
          type: 'PersonNinChanged',
          data: { personId: state.personId, oldNin: state.nin, newNin: cmd.newNin },
        },
      ];
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}
