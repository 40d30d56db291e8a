export * from './gp.decider';
export * from './gp.state';
export type { RegisterGp } from './register-gp/register-gp.command';
export { registerGp } from './register-gp/register-gp.decide';
export type { UpdateGp } from './update-gp/update-gp.command';
export { updateGp } from './update-gp/update-gp.decide';
