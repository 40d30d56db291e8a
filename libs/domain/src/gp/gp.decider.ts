import type { GpEvent } from '../events';
import { evolveGp, type GpState, initialGpState } from './gp.state';
import type { RegisterGp } from './register-gp/register-gp.command';
import { registerGp } from './register-gp/register-gp.decide';

export type GpCommand = RegisterGp;

export function decideGp(command: GpCommand, state: GpState): GpEvent[] {
  switch (command.type) {
    case 'RegisterGp':
      return registerGp(command, state);
    default: {
      const never: never = command.type;
      return never;
    }
  }
}

export const gpDecider = { initialState: initialGpState, evolve: evolveGp, decide: decideGp } as const;
