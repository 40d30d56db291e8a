import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeNin, makeOrgNo } from '@flr/domain';
import { csvRow } from '../legacy/csv';

export type Table = Record<string, unknown>[];
export interface Extract {
  persons: Table;
  moves: Table;
  gps: Table;
  contracts: Table;
  doctor_periods: Table;
  patient_periods: Table;
  waiting: Table;
}

const at = (date: string) => `${date}T10:00:00.000Z`;

/** A valid fødselsnummer for a birth date (the n-th free individual number). */
export function nin(birthDate: string, n: number): string {
  for (let individual = n; individual < 500; individual += 37) {
    const value = makeNin(birthDate, individual);
    if (value) return value;
  }
  throw new Error(`no fnr for ${birthDate}`);
}

/**
 * A small, valid extract: list A (0301, a fastlege) with 8 patients, list B (0301, no fastlege, a vikar)
 * with 4, one resident on no list; one move, one death, two waiting-list entries.
 */
export function smallExtract(): Extract {
  const persons: Table = [];
  const patient_periods: Table = [];
  for (let i = 0; i < 13; i++) {
    const birth = `19${50 + i}-0${(i % 9) + 1}-1${i % 9}`;
    persons.push({
      nin: nin(birth, i + 1),
      nin_kind: 'FNR',
      birth_date: birth,
      sex: i % 2 ? 'male' : 'female',
      municipality: '0301',
      household_id: '',
      entitlement: '',
      registered_on: '2001-05-31',
      registered_at: at('2001-05-31'),
      died_on: i === 3 ? '2012-03-04' : '',
      died_registered_at: i === 3 ? at('2012-03-05') : '',
      emigrated_on: '',
      emigrated_registered_at: '',
      opted_out_on: '',
      opted_out_registered_at: '',
    });
    if (i === 12) continue; // on no list
    const contract = i < 8 ? 'A' : 'B';
    patient_periods.push({
      nin: persons[i].nin,
      contract_id: contract,
      from: '2001-06-01',
      to: i === 3 ? '2012-03-05' : '',
      begin_reason: 'INITIAL_2001',
      end_reason: i === 3 ? 'DEATH' : '',
      counts_toward_limit: 'false',
      registered_at: at('2001-05-31'),
      end_registered_at: i === 3 ? at('2012-03-05') : '',
    });
  }
  const contract = (id: string, n: number) => ({
    contract_id: id,
    municipality: '0301',
    office_org_no: makeOrgNo(`9100000${n}`) ?? makeOrgNo(`9100001${n}`),
    max_patients: 1500,
    valid_from: '2001-06-01',
    canceled_from: '',
    end_reason: '',
    common_list: 'false',
    fixed_salary: 'false',
    status: 'open',
    registered_at: at('2001-05-01'),
    canceled_registered_at: '',
  });
  return {
    persons,
    moves: [
      {
        nin: persons[0].nin,
        moved_on: '2015-06-01',
        from_municipality: '0301',
        municipality: '1201',
        registered_at: at('2015-06-02'),
      },
    ],
    gps: [
      {
        hpr: 1000001,
        name: 'Kari Lege',
        birth_date: '1960-01-01',
        sex: 'female',
        specialist: 'true',
        registered_at: at('2001-05-01'),
      },
      {
        hpr: 1000002,
        name: 'Ola Vikar',
        birth_date: '1970-01-01',
        sex: 'male',
        specialist: 'false',
        registered_at: at('2001-05-01'),
      },
    ],
    contracts: [contract('A', 1), contract('B', 2)],
    doctor_periods: [
      {
        period_id: 'A-1',
        contract_id: 'A',
        hpr: 1000001,
        relationship: 'LPFL',
        from: '2001-06-01',
        to: '',
        substitute_for_hpr: '',
        working_percentage: 100,
        registered_at: at('2001-05-01'),
      },
      {
        period_id: 'B-1',
        contract_id: 'B',
        hpr: 1000002,
        relationship: 'LPVI',
        from: '2001-06-01',
        to: '',
        substitute_for_hpr: '',
        working_percentage: 100,
        registered_at: at('2001-05-01'),
      },
    ],
    patient_periods,
    waiting: [
      {
        nin: persons[8].nin,
        contract_id: 'A',
        joined_at: '2017-01-10T09:00:00.000Z',
        requested_by: '',
        left_on: '',
        leave_reason: '',
        registered_at: '2017-01-10T09:00:00.000Z',
        left_registered_at: '',
      },
      {
        nin: persons[9].nin,
        contract_id: 'A',
        joined_at: '2017-02-10T09:00:00.000Z',
        requested_by: '',
        left_on: '2018-01-01',
        leave_reason: 'LEFT',
        registered_at: '2017-02-10T09:00:00.000Z',
        left_registered_at: at('2018-01-01'),
      },
    ],
  };
}

/** Writes the extract's CSV files (header from the first row's keys) into `folder`. */
export function writeExtract(folder: string, extract: Extract): string {
  mkdirSync(folder, { recursive: true });
  for (const [name, rows] of Object.entries(extract) as [string, Table][]) {
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]);
    writeFileSync(
      join(folder, `${name}.csv`),
      csvRow(columns) + rows.map((r) => csvRow(columns.map((c) => r[c]))).join(''),
    );
  }
  return folder;
}
