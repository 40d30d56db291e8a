import type { GpEvent } from '../events';
import { evolveGp, type GpState, initialGpState } from './gp.state';
import type { RegisterGp } from './register-gp/register-gp.command';
import { registerGp } from './register-gp/register-gp.decide';
import type { UpdateGp } from './update-gp/update-gp.command';
import { updateGp } from './update-gp/update-gp.decide';

export type GpCommand = RegisterGp | UpdateGp;

export function decideGp(command: GpCommand, state: GpState): GpEvent[] {
  switch (command.type) {
    case 'RegisterGp':
      return registerGp(command, state);
    case 'UpdateGp':
      return updateGp(command, state);
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const gpDecider = { initialState: initialGpState, evolve: evolveGp, decide: decideGp } as const;
