import type { BusinessDate, Sex } from '../../events';

/** A GP by HPR number (helsepersonellregisteret). */
export interface RegisterGp {
  readonly type: 'RegisterGp';
  readonly hpr: number;
  readonly name: string;
  readonly birthDate: BusinessDate | null;
  readonly sex: Sex | null;
  readonly specialistInGeneralPractice: boolean;
}
