import type { DoctorPeriodStarted } from '../../events';
import { refuse, unknown } from '../../shared/refusals';
import { assertExists, invalid } from '../contract.guards';
import { type ContractState, contractActiveOn } from '../contract.state';
import type { StartDoctorPeriod, StartDoctorPeriodFacts } from './start-doctor-period.command';

/** R34a/R37: doctor periods (successor, vikar, deleliste, fellesliste) never move patients. */
export function startDoctorPeriod(
  command: StartDoctorPeriod,
  state: ContractState,
  facts: StartDoctorPeriodFacts,
): DoctorPeriodStarted[] {
  assertExists(state);
  if (command.to !== null && command.to <= command.from) invalid('to', 'to must be after from');
  // R37 (DOMAIN §2.5 SubstituteForHprNumber, "VikarForLege"): only a substitute names the GP it covers,
  // and that GP is someone else.
  if (command.substituteForHpr !== null && command.relationship !== 'LPVI')
    invalid(
      'substituteForHpr',
      'substituteForHpr names the GP a substitute (LPVI) covers; a fastlege has none',
    );
  if (command.substituteForHpr !== null && command.substituteForHpr === command.hpr)
    invalid('substituteForHpr', 'a doctor cannot substitute for themselves');
  for (const hpr of [command.hpr, command.substituteForHpr]) {
    if (hpr !== null && !facts.registeredGps.includes(hpr))
      unknown('UNKNOWN_GP', `No GP with HPR number ${hpr}`);
  }
  // R46: a period id the caller chose (as contract ids are) names one period of the list.
  if (state.doctors.some((d) => d.periodId === command.periodId))
    refuse('ALREADY_REGISTERED', 'R46', `The list already has a doctor period ${command.periodId}`);
  if (!contractActiveOn(state, command.from))
    refuse('CONTRACT_NOT_ACTIVE', 'R34', `The contract is not in force on ${command.from}`);
  const overlaps = state.doctors.some(
    (d) =>
      d.hpr === command.hpr &&
      d.relationship === command.relationship &&
      (d.to === null || command.from < d.to) &&
      (command.to === null || d.from < command.to),
  );
  if (overlaps)
    refuse('OVERLAPPING_PERIOD', 'R37', 'The doctor already has an overlapping period on this list');
  // R37: a substitute covering a named GP ("VikarForLege") covers a fastlege of this list: one with an
  // LPFL period here (before, during or, for an incoming GP, after the substitute's).
  if (command.substituteForHpr !== null) {
    const ofThisList = state.doctors.some(
      (d) => d.hpr === command.substituteForHpr && d.relationship === 'LPFL',
    );
    if (!ofThisList)
      refuse(
        'NOT_A_GP_OF_THE_LIST',
        'R37',
        `GP ${command.substituteForHpr} has no fastlege (LPFL) period on this list to substitute for`,
      );
  }
  const { type: _t, ...period } = command;
  return [{ type: 'DoctorPeriodStarted', data: { contractId: state.contractId, ...period } }];
}
