export { municipalityCodes } from './municipality-codes';
export {
  assertMunicipalityInForce,
  municipalityInForceOn,
  type RecordedRenumbering,
} from './municipality-in-force';
export type { MunicipalityChange, MunicipalityChangeKind, MunicipalityPeriod } from './municipality.types';
