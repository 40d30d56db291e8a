import type { BusinessDate, GpDetails, GpEvent } from '../events';
import { applyDated } from '../shared/dated';

/** A dated change of a GP's details, in the order it was recorded. */
export interface GpDetailsChange {
  readonly validFrom: BusinessDate;
  readonly changes: Partial<GpDetails>;
}

export interface GpState {
  readonly registered: boolean;
  readonly hpr: number;
  /** As registered (holds from the start until a dated update says otherwise). */
  readonly registeredDetails: GpDetails;
  readonly updates: readonly GpDetailsChange[];
}

export const initialGpState: GpState = {
  registered: false,
  hpr: 0,
  registeredDetails: { name: '', specialistInGeneralPractice: false, herId: null },
  updates: [],
};

export function evolveGp(state: GpState, event: GpEvent): GpState {
  switch (event.type) {
    case 'GpRegistered':
      return {
        ...initialGpState,
        registered: true,
        hpr: event.data.hpr,
        registeredDetails: {
          name: event.data.name,
          specialistInGeneralPractice: event.data.specialistInGeneralPractice,
          herId: null,
        },
      };
    case 'GpDetailsUpdated':
      return {
        ...state,
        updates: [...state.updates, { validFrom: event.data.validFrom, changes: event.data.changes }],
      };
    default: {
      const never: never = event;
      return never;
    }
  }
}

/**
 * The GP's details in force on `date` (valid time): the registered ones, then every update valid from
 * that date or earlier, by validity date (of two with the same date, the later recorded wins).
 */
export function gpDetailsOn(state: GpState, date: BusinessDate): GpDetails {
  return applyDated(state.registeredDetails, state.updates, date);
}
