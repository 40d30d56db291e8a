import type { MemoryProjectionDefinition } from '../shared/read-model';
import {
  decodePersonRegister,
  decodePersonRegisterInSlices,
  encodePersonRegister,
  PERSON_REGISTER_EVENT_TYPES,
  PersonRegister,
} from './model';

export const PERSON_REGISTER = 'person-register';

/**
 * The administrators' register of persons (issue 11): one row per person as known now, children
 * per parent, household members, renumberings; in memory, snapshotted at a checkpoint position.
 */
export const personRegisterProjection: MemoryProjectionDefinition<PersonRegister> = {
  name: PERSON_REGISTER,
  version: 2,
  eventTypes: PERSON_REGISTER_EVENT_TYPES,
  create: () => new PersonRegister(),
  evolve: (model, event) => model.evolve(event),
  encode: encodePersonRegister,
  decode: decodePersonRegister,
  decodeInSlices: decodePersonRegisterInSlices,
};
