import type { RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import type { ProjectionDefinition, ReadModelTx } from '../shared/read-model';
import { recordTimeOf } from '../shared/record-time';
import {
  onCeilingChanged,
  onContractCanceled,
  onContractCreated,
  onDoctorEnded,
  onDoctorStarted,
  onGpRegistered,
  onRenumbered,
  onStatusChanged,
} from './evolve';
import { onContractDetailsUpdated, onGpDetailsUpdated, onRenumberingAnnulled } from './evolve-details';

export const DIRECTORY = 'directory';

/** GP and contract directory: contracts, doctor periods, GPs, offices, municipalities. */
export const directoryProjection: ProjectionDefinition = {
  name: DIRECTORY,
  // v2: readable field names in stored documents (recordedAt, value, relationship, ...), so the copy is rebuilt.
  // v3: a contract created after a recorded renumbering of its municipality takes the new number.
  version: 3,
  eventTypes: [
    'ContractCreated',
    'ListCeilingChanged',
    'ListStatusChanged',
    'DoctorPeriodStarted',
    'DoctorPeriodEnded',
    'ContractCanceled',
    'GpRegistered',
    'MunicipalityRenumbered',
    'ContractDetailsUpdated',
    'GpDetailsUpdated',
    'MunicipalityRenumberingAnnulled',
  ],
  evolve(tx: ReadModelTx, recorded: RecordedEvent): void {
    const event = recorded as unknown as RegisterEvent;
    const r = recordTimeOf(recorded);
    switch (event.type) {
      case 'ContractCreated':
        onContractCreated(tx, event.data, r);
        return;
      case 'ListCeilingChanged':
        onCeilingChanged(tx, event.data, r);
        return;
      case 'ListStatusChanged':
        onStatusChanged(tx, event.data, r);
        return;
      case 'DoctorPeriodStarted':
        onDoctorStarted(tx, event.data, r);
        return;
      case 'DoctorPeriodEnded':
        onDoctorEnded(tx, event.data, r);
        return;
      case 'ContractCanceled':
        onContractCanceled(tx, event.data, r);
        return;
      case 'GpRegistered':
        onGpRegistered(tx, event.data, r);
        return;
      case 'MunicipalityRenumbered':
        onRenumbered(tx, event.data, r);
        return;
      case 'ContractDetailsUpdated':
        onContractDetailsUpdated(tx, event.data, r);
        return;
      case 'GpDetailsUpdated':
        onGpDetailsUpdated(tx, event.data, r);
        return;
      case 'MunicipalityRenumberingAnnulled':
        onRenumberingAnnulled(tx, event.data, r);
        return;
      default:
        return;
    }
  },
};
