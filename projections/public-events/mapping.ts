import type { RegisterEvent } from '@flr/domain';
import type { ReadModelTx } from '../shared/read-model';
import { mapContractEvent } from './contract-events';
import { mapDetailEvent } from './detail-events';
import type { Emit } from './model';
import { mapPatientEvent } from './patient-events';

/** Maps one register event to its FLR service-bus events (§5.3), keeping the state the bodies need. */
export function mapEvent(tx: ReadModelTx, event: RegisterEvent, emit: Emit): void {
  mapContractEvent(tx, event, emit);
  mapDetailEvent(tx, event, emit);
  mapPatientEvent(tx, event, emit);
}
