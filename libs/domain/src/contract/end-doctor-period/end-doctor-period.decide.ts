import type { DoctorPeriodEnded } from '../../events';
import { refuse, unknown } from '../../shared/refusals';
import { assertExists, invalid } from '../contract.guards';
import type { ContractState } from '../contract.state';
import type { EndDoctorPeriod } from './end-doctor-period.command';

export function endDoctorPeriod(command: EndDoctorPeriod, state: ContractState): DoctorPeriodEnded[] {
  assertExists(state);
  const period = state.doctors.find((d) => d.periodId === command.periodId);
  if (!period) unknown('UNKNOWN_DOCTOR_PERIOD', 'No such doctor period on this contract');
  if (command.to <= period.from) invalid('to', 'to must be after the period start');
  // The same end again writes nothing (as the same ceiling or status again); another end corrects it.
  if (period.to === command.to) return [];
  // R37: a later end may not stretch the period over another period of the same doctor in the same
  // role on this list (StartDoctorPeriod refuses that overlap; ending must not create it).
  const overlaps = state.doctors.some(
    (d) =>
      d.periodId !== period.periodId &&
      d.hpr === period.hpr &&
      d.relationship === period.relationship &&
      (d.to === null || period.from < d.to) &&
      d.from < command.to,
  );
  if (overlaps)
    refuse('OVERLAPPING_PERIOD', 'R37', 'The doctor already has an overlapping period on this list');
  return [
    {
      type: 'DoctorPeriodEnded',
      data: { contractId: state.contractId, periodId: command.periodId, to: command.to },
    },
  ];
}
