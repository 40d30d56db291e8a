export { municipalityCodes } from './municipality-codes';
export type { MunicipalityChange, MunicipalityChangeKind, MunicipalityPeriod } from './municipality.types';
