import type { DoctorPeriodEnded } from '../../events';
import { unknown } from '../../shared/refusals';
import { assertExists, invalid } from '../contract.guards';
import type { ContractState } from '../contract.state';
import type { EndDoctorPeriod } from './end-doctor-period.command';

export function endDoctorPeriod(command: EndDoctorPeriod, state: ContractState): DoctorPeriodEnded[] {
  assertExists(state);
  const period = state.doctors.find((d) => d.periodId === command.periodId);
  if (!period) unknown('UNKNOWN_DOCTOR_PERIOD', 'No such doctor period on this contract');
  if (command.to <= period.from) invalid('to', 'to must be after the period start');
  return [
    {
      type: 'DoctorPeriodEnded',
      data: { contractId: state.contractId, periodId: command.periodId, to: command.to },
    },
  ];
}
