export { birthYearOf } from './century';
export { HPR_MAX, isValidHpr } from './hpr';
export { individualRangesFor, type MakeNinOptions, makeNin } from './make-nin';
export { isValidNin, parseNin } from './nin';
export { ninValue } from './nin-value';
export {
  DEFAULT_NIN_POLICY,
  type Nin,
  type NinErrorCode,
  type NinKind,
  type NinParseResult,
  type NinPolicy,
} from './nin.types';
export { isValidOrgNo, makeOrgNo } from './org-no';
export * from './uuid-words';
