import type { BusinessDate, GpEvent, Sex } from '../events';
import { refuse } from '../shared/refusals';

export interface GpState {
  readonly registered: boolean;
  readonly hpr: number;
}

export const initialGpState: GpState = { registered: false, hpr: 0 };

export type GpCommand = {
  readonly type: 'RegisterGp';
  readonly hpr: number;
  readonly name: string;
  readonly birthDate: BusinessDate | null;
  readonly sex: Sex | null;
  readonly specialistInGeneralPractice: boolean;
};

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

export function decideGp(cmd: GpCommand, state: GpState): GpEvent[] {
  switch (cmd.type) {
    case 'RegisterGp': {
      if (state.registered)
        refuse('ALREADY_REGISTERED', 'R46', 'A GP with that HPR number is already registered');
      const { type: _t, ...data } = cmd;
      return [{ type: 'GpRegistered', data }];
    }
    default: {
      const never: never = cmd.type;
      return never;
    }
  }
}

export const gpDecider = { initialState: initialGpState, evolve: evolveGp, decide: decideGp } as const;
