export * from './municipality.decider';
export * from './municipality.state';
export type { RenumberMunicipality } from './renumber-municipality/renumber-municipality.command';
export { renumberMunicipality } from './renumber-municipality/renumber-municipality.decide';
export type { SetAutoAssignment } from './set-auto-assignment/set-auto-assignment.command';
export { setAutoAssignment } from './set-auto-assignment/set-auto-assignment.decide';
export type {
  CorrectRenumbering,
  CorrectRenumberingFacts,
} from './correct-renumbering/correct-renumbering.command';
export { correctRenumbering } from './correct-renumbering/correct-renumbering.decide';
