/**
 * The legacy extract: one CSV file per kind of fact (docs/legacy-import.md is the reference). Each
 * field has one check of its own; the checks across rows and files are in legacy-checks.ts.
 */
import {
  BEGIN_REASONS,
  END_REASONS,
  isValidBusinessDate,
  isValidHpr,
  isValidOrgNo,
  municipalityCodes,
  parseNin,
} from '@flr/domain';

export type Row = Record<string, string>;
/** A reason the value is rejected, or null when it is fine. */
export type Check = (value: string, row: Row) => string | null;

export interface FieldSpec {
  readonly name: string;
  readonly required: boolean;
  readonly check?: Check;
}

export interface FileSpec {
  readonly file: string;
  readonly table: string;
  readonly requiredFile: boolean;
  readonly fields: readonly FieldSpec[];
}

export interface NinPolicy {
  readonly allowSynthetic: boolean;
  readonly rule2032: boolean;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const date: Check = (v) => (isValidBusinessDate(v) ? null : 'not a date YYYY-MM-DD');
const instant: Check = (v) =>
  INSTANT.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'not an ISO 8601 instant with offset';
const bool: Check = (v) => (v === 'true' || v === 'false' ? null : 'not true or false');
const oneOf =
  (...values: readonly string[]): Check =>
  (v) =>
    values.includes(v) ? null : `not one of ${values.join(', ')}`;
const integer =
  (min: number, max: number): Check =>
  (v) =>
    /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : `not an integer ${min}..${max}`;
const hpr: Check = (v) => (isValidHpr(v) ? null : 'not an HPR number');
/** §1.8: a municipality number valid on the row's date in `dateField`. */
const municipalityOn =
  (dateField: string): Check =>
  (v, row) => {
    if (!/^\d{4}$/.test(v)) return 'not a 4-digit municipality number';
    const on = row[dateField];
    if (!isValidBusinessDate(on)) return null; // the date's own check reports it
    return municipalityCodes.isValidOn(v, on) ? null : `municipality ${v} is not valid on ${on}`;
  };
const after =
  (field: string): Check =>
  (v, row) =>
    !isValidBusinessDate(v)
      ? 'not a date YYYY-MM-DD'
      : row[field] && v <= row[field]
        ? `not after ${field}`
        : null;

const f = (name: string, check?: Check): FieldSpec => ({ name, required: true, check });
const opt = (name: string, check?: Check): FieldSpec => ({ name, required: false, check });

export function legacyFormat(policy: NinPolicy): readonly FileSpec[] {
  const nin: Check = (v) => {
    const parsed = parseNin(v, { allowSynthetic: policy.allowSynthetic, rule2032: policy.rule2032 });
    return parsed.ok ? null : `invalid identity number: ${parsed.message}`;
  };
  const ninKind: Check = (v, row) => {
    const parsed = parseNin(row.nin, { allowSynthetic: policy.allowSynthetic, rule2032: policy.rule2032 });
    if (v !== 'FNR' && v !== 'DNR') return 'not FNR or DNR';
    return parsed.ok && parsed.nin.kind !== v ? `the number is a ${parsed.nin.kind}` : null;
  };
  return [
    {
      file: 'persons.csv',
      table: 'l_persons',
      requiredFile: true,
      fields: [
        f('nin', nin),
        f('nin_kind', ninKind),
        f('birth_date', date),
        opt('sex', oneOf('male', 'female')),
        f('municipality', municipalityOn('registered_on')),
        opt('household_id'),
        opt('entitlement', oneOf('asylum-seeker', 'nato', 'diplomatic')),
        f('registered_on', date),
        f('registered_at', instant),
        opt('died_on', date),
        opt('died_registered_at', instant),
        opt('emigrated_on', date),
        opt('emigrated_registered_at', instant),
        opt('opted_out_on', date),
        opt('opted_out_registered_at', instant),
      ],
    },
    {
      file: 'moves.csv',
      table: 'l_moves',
      requiredFile: false,
      fields: [
        f('nin', nin),
        f('moved_on', date),
        f('from_municipality', (v) => (/^\d{4}$/.test(v) ? null : 'not a 4-digit municipality number')),
        f('municipality', municipalityOn('moved_on')),
        f('registered_at', instant),
      ],
    },
    {
      file: 'gps.csv',
      table: 'l_gps',
      requiredFile: false,
      fields: [
        f('hpr', hpr),
        f('name'),
        opt('birth_date', date),
        opt('sex', oneOf('male', 'female')),
        f('specialist', bool),
        f('registered_at', instant),
      ],
    },
    {
      file: 'contracts.csv',
      table: 'l_contracts',
      requiredFile: true,
      fields: [
        f('contract_id'),
        f('municipality', municipalityOn('valid_from')),
        f('office_org_no', (v) => (isValidOrgNo(v) ? null : 'not an organisation number')),
        f('max_patients', integer(1, 10_000)),
        f('valid_from', date),
        opt('canceled_from', after('valid_from')),
        opt('end_reason'),
        f('common_list', bool),
        f('fixed_salary', bool),
        f('status', oneOf('open', 'closed', 'locked')),
        f('registered_at', instant),
        opt('canceled_registered_at', instant),
      ],
    },
    {
      file: 'doctor_periods.csv',
      table: 'l_doctor_periods',
      requiredFile: false,
      fields: [
        f('period_id'),
        f('contract_id'),
        f('hpr', hpr),
        f('relationship', oneOf('LPFL', 'LPVI')),
        f('from', date),
        opt('to', after('from')),
        opt('substitute_for_hpr', hpr),
        opt('working_percentage', integer(1, 100)),
        f('registered_at', instant),
      ],
    },
    {
      file: 'patient_periods.csv',
      table: 'l_patient_periods',
      requiredFile: true,
      fields: [
        f('nin', nin),
        f('contract_id'),
        f('from', date),
        opt('to', after('from')),
        f('begin_reason', oneOf(...BEGIN_REASONS)),
        opt('end_reason', oneOf(...END_REASONS)),
        f('counts_toward_limit', bool),
        f('registered_at', instant),
        opt('end_registered_at', instant),
      ],
    },
    {
      file: 'waiting.csv',
      table: 'l_waiting',
      requiredFile: false,
      fields: [
        f('nin', nin),
        f('contract_id'),
        f('joined_at', instant),
        opt('requested_by'),
        opt('left_on', date),
        opt('leave_reason'),
        f('registered_at', instant),
        opt('left_registered_at', instant),
      ],
    },
  ];
}
