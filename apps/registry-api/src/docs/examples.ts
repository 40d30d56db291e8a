import { makeNin } from '@flr/domain';

/** The first valid fødselsnummer for a birth date (classic check digits, §1.1). */
function fnr(birthDate: string, from = 300): string {
  for (let i = from; i < from + 100; i++) {
    const nin = makeNin(birthDate, i);
    if (nin) return nin;
  }
  throw new Error(`No fødselsnummer for ${birthDate}`);
}

/**
 * The worked example of the OpenAPI page: one small register in Oslo (0301) that the examples of
 * every command build, in the order of `TRY_OUT_ORDER` (scripts/docs-tryout.ts runs them so).
 * Valid fødselsnumre of made-up people; a real municipality, office and dates.
 */
export const EX = {
  gp: 9144900,
  substituteGp: 9144901,
  /** Kari Nordmann's HER-id in Adresseregisteret (made up). */
  herId: 8094521,
  list: 'OSLO-SAGENE-1',
  otherList: 'OSLO-SAGENE-2',
  /** The substitute's summer period: an id chosen by the caller, so ending it needs no copying. */
  vikarPeriod: 'OSLO-SAGENE-1-VIKAR-2025',
  /** Sagene legesenter's organisation number is made up but mod-11 valid. */
  officeOrgNo: '923609016',
  municipality: '0301',
  /** Anna chooses, moves, is placed and removed; Ola waits and dies; Kari opts out, in and emigrates. */
  anna: fnr('1985-03-15'),
  ola: fnr('1952-11-02'),
  kari: fnr('1990-06-24'),
  per: fnr('1978-09-09'),
  perNew: fnr('1978-09-09', 400),
  child: fnr('2016-04-04', 500),
  validFrom: '2024-01-01',
} as const;
