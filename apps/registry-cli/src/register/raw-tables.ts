/**
 * The log, fact by fact, as DuckDB tables (one row per event, in log order by `pos`): the only place
 * the command line reads the register's event catalogue. The views in register-views.ts derive the
 * register's tables from these with SQL, so the process holds a batch of events, never the log.
 * Facts a correction can annul (FactAnnulled, issue 11) keep their event id, which the annulment names.
 */
import type { RegisterEvent } from '@flr/domain';
import type { Cell, Columns } from '../sql/table-writer';

const P = ['pos', 'BIGINT'] as const;
const ID = ['event_id', 'VARCHAR'] as const;
const AT = ['registered_at', 'VARCHAR'] as const;
const V = (name: string) => [name, 'VARCHAR'] as const;
const I = (name: string) => [name, 'INTEGER'] as const;
const B = (name: string) => [name, 'BOOLEAN'] as const;

export const RAW_TABLES = {
  ev_person_registered: [
    P,
    V('person_id'),
    V('nin'),
    V('nin_kind'),
    V('birth_date'),
    V('sex'),
    V('municipality'),
    V('household_id'),
    V('entitlement'),
    V('registered_on'),
    AT,
  ],
  ev_person_moved: [
    P,
    ID,
    V('person_id'),
    V('from_municipality'),
    V('municipality'),
    V('household_id'),
    V('moved_on'),
    AT,
  ],
  ev_person_left: [P, ID, V('person_id'), V('kind'), V('on_date'), AT],
  ev_person_opt: [P, ID, V('person_id'), B('opted_out'), V('on_date'), AT],
  ev_fact_annulled: [P, V('person_id'), V('annulled_event_id'), V('annulled_type'), AT],
  ev_person_nin: [P, V('person_id'), V('new_nin')],
  ev_listed: [
    P,
    V('person_id'),
    V('association_id'),
    V('contract_id'),
    V('from_date'),
    V('begin_reason'),
    B('counts_toward_limit'),
    AT,
  ],
  /** Ends recorded on links; a correction's end taken back (PatientUnlistingAnnulled) has no reason. */
  ev_unlisted: [P, V('association_id'), V('to_date'), V('end_reason'), AT],
  ev_withdrawn: [P, V('association_id')],
  ev_waiting_joined: [P, V('person_id'), V('contract_id'), V('joined_at'), V('requested_by'), AT],
  ev_waiting_left: [P, V('person_id'), V('contract_id'), V('reason'), V('on_date'), AT],
  ev_contract_created: [
    P,
    V('contract_id'),
    V('municipality'),
    V('office_org_no'),
    I('max_patients'),
    V('valid_from'),
    B('common_list'),
    B('fixed_salary'),
    V('status'),
    AT,
  ],
  /** A contract's details from `valid_from` (§2.4); a column the update left as it was is null. */
  ev_contract_details: [P, V('contract_id'), V('valid_from'), V('office_org_no'), B('fixed_salary')],
  ev_ceiling: [P, V('contract_id'), I('max_patients')],
  ev_status: [P, V('contract_id'), V('status')],
  ev_canceled: [P, V('contract_id'), V('effective_from'), V('end_reason'), AT],
  ev_doctor_started: [
    P,
    V('contract_id'),
    V('period_id'),
    I('hpr'),
    V('relationship'),
    V('from_date'),
    V('to_date'),
    I('substitute_for_hpr'),
    I('working_percentage'),
    AT,
  ],
  ev_doctor_ended: [P, V('period_id'), V('to_date')],
  ev_gp: [P, I('hpr'), V('name'), V('birth_date'), V('sex'), B('specialist'), AT],
  /** A GP's details from `valid_from` (§2.2); a column the update left as it was is null. */
  ev_gp_details: [P, I('hpr'), V('valid_from'), V('name'), B('specialist')],
  ev_renumbered: [P, V('old_number'), V('new_number'), V('effective_from'), AT],
  ev_renumbering_annulled: [P, V('old_number'), V('new_number'), V('effective_from'), AT],
} as const satisfies Record<string, Columns>;

export type RawTable = keyof typeof RAW_TABLES;

/** The table and row an event becomes, or null for events no table needs (letters, jobs, ...). */
export function rawRow(
  event: RegisterEvent,
  pos: bigint,
  registeredAt: string,
  eventId: string,
): [RawTable, Cell[]] | null {
  switch (event.type) {
    case 'PersonRegistered': {
      const d = event.data;
      return [
        'ev_person_registered',
        [
          pos,
          d.personId,
          d.nin,
          d.ninKind,
          d.birthDate,
          d.sex,
          d.municipality,
          d.householdId,
          d.entitlement,
          d.registeredOn,
          registeredAt,
        ],
      ];
    }
    case 'PersonMoved': {
      const d = event.data;
      return [
        'ev_person_moved',
        [
          pos,
          eventId,
          d.personId,
          d.fromMunicipality,
          d.municipality,
          d.householdId,
          d.movedOn,
          registeredAt,
        ],
      ];
    }
    case 'PersonDied':
      return [
        'ev_person_left',
        [pos, eventId, event.data.personId, 'DEATH', event.data.diedOn, registeredAt],
      ];
    case 'PersonEmigrated':
      return [
        'ev_person_left',
        [pos, eventId, event.data.personId, 'EMIGRATION', event.data.emigratedOn, registeredAt],
      ];
    case 'PersonOptedOut':
      return ['ev_person_opt', [pos, eventId, event.data.personId, true, event.data.on, registeredAt]];
    case 'PersonOptedIn':
      return ['ev_person_opt', [pos, eventId, event.data.personId, false, event.data.on, registeredAt]];
    case 'FactAnnulled': {
      const d = event.data;
      return ['ev_fact_annulled', [pos, d.personId, d.annulledEventId, d.annulledType, registeredAt]];
    }
    case 'PersonNinChanged':
      return ['ev_person_nin', [pos, event.data.personId, event.data.newNin]];
    case 'PatientListed': {
      const d = event.data;
      return [
        'ev_listed',
        [
          pos,
          d.personId,
          d.associationId,
          d.contractId,
          d.from,
          d.beginReason,
          d.countsTowardLimit,
          registeredAt,
        ],
      ];
    }
    case 'PatientUnlisted':
      return [
        'ev_unlisted',
        [pos, event.data.associationId, event.data.to, event.data.endReason, registeredAt],
      ];
    case 'PatientUnlistingAnnulled':
      // The link runs to `restoredTo` again (null: open), without an end reason, as the person's state has it.
      return ['ev_unlisted', [pos, event.data.associationId, event.data.restoredTo, null, registeredAt]];
    case 'PendingListingWithdrawn':
      return ['ev_withdrawn', [pos, event.data.associationId]];
    case 'WaitingListJoined': {
      const d = event.data;
      return ['ev_waiting_joined', [pos, d.personId, d.contractId, d.joinedAt, d.requestedBy, registeredAt]];
    }
    case 'WaitingListLeft': {
      const d = event.data;
      return ['ev_waiting_left', [pos, d.personId, d.contractId, d.reason, d.on, registeredAt]];
    }
    case 'ContractCreated': {
      const d = event.data;
      return [
        'ev_contract_created',
        [
          pos,
          d.contractId,
          d.municipality,
          d.officeOrgNo,
          d.maxPatients,
          d.validFrom,
          d.commonList,
          d.fixedSalary,
          d.status,
          registeredAt,
        ],
      ];
    }
    case 'ContractDetailsUpdated': {
      const { contractId, validFrom, changes } = event.data;
      return [
        'ev_contract_details',
        [pos, contractId, validFrom, changes.officeOrgNo ?? null, changes.fixedSalary ?? null],
      ];
    }
    case 'ListCeilingChanged':
      return ['ev_ceiling', [pos, event.data.contractId, event.data.maxPatients]];
    case 'ListStatusChanged':
      return ['ev_status', [pos, event.data.contractId, event.data.status]];
    case 'ContractCanceled':
      return [
        'ev_canceled',
        [pos, event.data.contractId, event.data.effectiveFrom, event.data.endReason, registeredAt],
      ];
    case 'DoctorPeriodStarted': {
      const d = event.data;
      return [
        'ev_doctor_started',
        [
          pos,
          d.contractId,
          d.periodId,
          d.hpr,
          d.relationship,
          d.from,
          d.to,
          d.substituteForHpr,
          d.workingPercentage,
          registeredAt,
        ],
      ];
    }
    case 'DoctorPeriodEnded':
      return ['ev_doctor_ended', [pos, event.data.periodId, event.data.to]];
    case 'GpRegistered': {
      const d = event.data;
      return ['ev_gp', [pos, d.hpr, d.name, d.birthDate, d.sex, d.specialistInGeneralPractice, registeredAt]];
    }
    case 'GpDetailsUpdated': {
      const { hpr, validFrom, changes } = event.data;
      return [
        'ev_gp_details',
        [pos, hpr, validFrom, changes.name ?? null, changes.specialistInGeneralPractice ?? null],
      ];
    }
    case 'MunicipalityRenumbered': {
      const d = event.data;
      return ['ev_renumbered', [pos, d.oldNumber, d.newNumber, d.effectiveFrom, registeredAt]];
    }
    case 'MunicipalityRenumberingAnnulled': {
      const d = event.data;
      return ['ev_renumbering_annulled', [pos, d.oldNumber, d.newNumber, d.effectiveFrom, registeredAt]];
    }
    default:
      return null;
  }
}
