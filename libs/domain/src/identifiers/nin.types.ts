/** Kinds of national identity number (nin) the register keys persons by. */
export type NinKind = 'FNR' | 'DNR';

export interface Nin {
  readonly value: string;
  readonly kind: NinKind;
  /** Real birth date after removing the D/synthetic offsets. */
  readonly birthDate: string;
  /** From digit 9 for classic numbers; null for numbers valid only under the 2032 rule (§1.5). */
  readonly sex: 'male' | 'female' | null;
  /** Test number (month + 80, Tenor style, §1.3); accepted only when `allowSynthetic`. */
  readonly synthetic: boolean;
}

export interface NinPolicy {
  /** Accept synthetic test numbers (month + 80). Default false. */
  readonly allowSynthetic: boolean;
  /** §1.5: also accept check-digit-1 remainders 1–3 (numbers issued from 2032). Default false. */
  readonly rule2032: boolean;
  /** [U] §1.5: with `rule2032`, relax check digit 2 the same way (default false: k2 stays classic). */
  readonly rule2032AppliesToK2?: boolean;
}

export const DEFAULT_NIN_POLICY: Required<NinPolicy> = {
  allowSynthetic: false,
  rule2032: false,
  rule2032AppliesToK2: false,
};

export type NinErrorCode = 'INVALID_NIN' | 'NOT_A_REGISTER_ID';

export type NinParseResult =
  | { readonly ok: true; readonly nin: Nin }
  | { readonly ok: false; readonly code: NinErrorCode; readonly message: string };
