export * from './municipality.decider';
export * from './municipality.state';
export type { RenumberMunicipality } from './renumber-municipality/renumber-municipality.command';
export { renumberMunicipality } from './renumber-municipality/renumber-municipality.decide';
export type { SetAutoAssignment } from './set-auto-assignment/set-auto-assignment.command';
export { setAutoAssignment } from './set-auto-assignment/set-auto-assignment.decide';
