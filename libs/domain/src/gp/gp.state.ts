import type { GpEvent } from '../events';

export interface GpState {
  readonly registered: boolean;
  readonly hpr: number;
}

export const initialGpState: GpState = { registered: false, hpr: 0 };

export function evolveGp(_state: GpState, event: GpEvent): GpState {
  switch (event.type) {
    case 'GpRegistered':
      return { registered: true, hpr: event.data.hpr };
    default: {
      const never: never = event.type;
      return never;
    }
  }
}
