import type { GpRegistered } from '../../events';
import { refuse } from '../../shared/refusals';
import type { GpState } from '../gp.state';
import type { RegisterGp } from './register-gp.command';

/** R46: an HPR number is registered once. */
export function registerGp(command: RegisterGp, state: GpState): GpRegistered[] {
  if (state.registered)
    refuse('ALREADY_REGISTERED', 'R46', 'A GP with that HPR number is already registered');
  const { type: _t, ...data } = command;
  return [{ type: 'GpRegistered', data }];
}
