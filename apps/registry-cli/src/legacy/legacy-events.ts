/**
 * The accepted extract as register events, in record-time order: each fact is recorded at its original
 * registration time (`metadata.registeredAt`). Ids derive from the import's identity and the row's line,
 * so a rerun of the same files yields the same events and the store makes the written ones no-ops.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type RegisterEvent, streams } from '@flr/domain';
import { v5 as uuidv5 } from 'uuid';
import type { HistoryEvent } from '../register/append-history';

const NAMESPACE = '6f1c2a7e-4b1d-4c55-9a43-0d7c61e1f0a2';

/** Rank breaks ties between facts recorded at the same instant: what others refer to comes first. */
const FACTS = `
  SELECT 'gp' AS kind, 0 AS rank, line, registered_at, to_json(g) AS row, NULL AS person_line FROM a_gps g
  UNION ALL SELECT 'contract', 1, line, registered_at, to_json(c), NULL FROM a_contracts c
  UNION ALL SELECT 'doctor', 2, line, registered_at, to_json(d), NULL FROM a_doctor_periods d
  UNION ALL SELECT 'person', 3, line, registered_at, to_json(p), line FROM a_persons p
  UNION ALL SELECT 'move', 4, m.line, m.registered_at, to_json(struct_insert(m, household_id := p.household_id)), p.line
    FROM a_moves m JOIN a_persons p USING (nin)
  UNION ALL SELECT 'listed', 5, t.line, t.registered_at, to_json(t), p.line
    FROM a_patient_periods t JOIN a_persons p USING (nin)
  UNION ALL SELECT 'unlisted', 6, t.line, t.end_registered_at, to_json(t), p.line
    FROM a_patient_periods t JOIN a_persons p USING (nin) WHERE t."to" IS NOT NULL
  UNION ALL SELECT 'joined', 7, w.line, w.registered_at, to_json(w), p.line
    FROM a_waiting w JOIN a_persons p USING (nin)
  UNION ALL SELECT 'left', 8, w.line, w.left_registered_at, to_json(w), p.line
    FROM a_waiting w JOIN a_persons p USING (nin) WHERE w.left_on IS NOT NULL
  UNION ALL SELECT 'died', 9, line, died_registered_at, to_json(p), line FROM a_persons p WHERE died_on IS NOT NULL
  UNION ALL SELECT 'emigrated', 10, line, emigrated_registered_at, to_json(p), line FROM a_persons p WHERE emigrated_on IS NOT NULL
  UNION ALL SELECT 'opted_out', 11, line, opted_out_registered_at, to_json(p), line FROM a_persons p WHERE opted_out_on IS NOT NULL
  UNION ALL SELECT 'canceled', 12, line, canceled_registered_at, to_json(c), NULL FROM a_contracts c WHERE canceled_from IS NOT NULL`;

export const ORDERED_FACTS = `SELECT kind, line, registered_at, row, person_line FROM (${FACTS})
  ORDER BY CAST(registered_at AS TIMESTAMPTZ), rank, line`;

type LegacyRow = Record<string, string | null> & { line: number; person_line?: number };

/** Streams the import's events, in order, chunk by chunk from DuckDB. */
export async function* legacyEvents(
  connection: DuckDBConnection,
  importId: string,
): AsyncGenerator<HistoryEvent> {
  const id = (what: string) => uuidv5(`${importId}:${what}`, NAMESPACE);
  const personId = (line: number) => id(`person:${line}`);
  const correlationId = id('import');
  const result = await connection.stream(ORDERED_FACTS);
  for await (const rows of result.yieldRowsJson()) {
    for (const [kind, line, registeredAt, json, personLine] of rows as [
      string,
      number,
      string,
      string,
      number | null,
    ][]) {
      const row = JSON.parse(json) as LegacyRow;
      if (personLine !== null) row.person_line = personLine;
      const event = toEvent(kind, row, personId, (what) => id(`${what}:${line}`));
      yield {
        id: id(`${kind}:${line}`),
        stream: streamOf(event),
        type: event.type,
        data: event.data,
        metadata: { actor: 'legacy-import', correlationId, causationId: correlationId, registeredAt },
      };
    }
  }
}

function streamOf(event: RegisterEvent): string {
  const data = event.data as { personId?: string; contractId?: string; hpr?: number };
  if (event.type === 'GpRegistered') return streams.gp(event.data.hpr);
  if (data.personId) return streams.person(data.personId);
  return streams.contract(data.contractId!);
}

const num = (v: string | null) => (v === null ? null : Number(v));

function toEvent(
  kind: string,
  r: LegacyRow,
  personId: (line: number) => string,
  id: (what: string) => string,
): RegisterEvent {
  const person = r.person_line !== undefined ? personId(r.person_line) : personId(r.line);
  switch (kind) {
    case 'gp':
      return {
        type: 'GpRegistered',
        data: {
          hpr: Number(r.hpr),
          name: r.name!,
          birthDate: r.birth_date,
          sex: r.sex as 'male' | 'female' | null,
          specialistInGeneralPractice: r.specialist === 'true',
        },
      };
    case 'contract':
      return {
        type: 'ContractCreated',
        data: {
          contractId: r.contract_id!,
          municipality: r.municipality!,
          officeOrgNo: r.office_org_no!,
          maxPatients: Number(r.max_patients),
          validFrom: r.valid_from!,
          commonList: r.common_list === 'true',
          fixedSalary: r.fixed_salary === 'true',
          status: r.status as 'open' | 'closed' | 'locked',
        },
      };
    case 'doctor':
      return {
        type: 'DoctorPeriodStarted',
        data: {
          contractId: r.contract_id!,
          periodId: r.period_id!,
          hpr: Number(r.hpr),
          relationship: r.relationship as 'LPFL' | 'LPVI',
          from: r.from!,
          to: r.to,
          substituteForHpr: num(r.substitute_for_hpr),
          workingPercentage: num(r.working_percentage),
        },
      };
    case 'person':
      return {
        type: 'PersonRegistered',
        data: {
          personId: person,
          nin: r.nin!,
          ninKind: r.nin_kind as 'FNR' | 'DNR',
          birthDate: r.birth_date!,
          sex: r.sex as 'male' | 'female' | null,
          municipality: r.municipality!,
          householdId: r.household_id,
          parentIds: [],
          entitlement: r.entitlement as 'asylum-seeker' | 'nato' | 'diplomatic' | null,
          registeredOn: r.registered_on!,
        },
      };
    case 'move':
      return {
        type: 'PersonMoved',
        data: {
          personId: person,
          fromMunicipality: r.from_municipality!,
          municipality: r.municipality!,
          // The extract keeps one household a person, the current one: a move keeps it (null would end it).
          householdId: r.household_id,
          movedOn: r.moved_on!,
        },
      };
    case 'listed':
      return {
        type: 'PatientListed',
        data: {
          personId: person,
          associationId: id('association'),
          contractId: r.contract_id!,
          from: r.from!,
          beginReason: r.begin_reason as never,
          countsTowardLimit: r.counts_toward_limit === 'true',
          countedInYear: r.counts_toward_limit === 'true' ? Number(r.registered_at!.slice(0, 4)) : null,
          requestedBy: null,
          overrideReason: null,
        },
      };
    case 'unlisted':
      return {
        type: 'PatientUnlisted',
        data: {
          personId: person,
          associationId: id('association'),
          contractId: r.contract_id!,
          to: r.to!,
          endReason: r.end_reason as never,
        },
      };
    case 'joined':
      return {
        type: 'WaitingListJoined',
        data: {
          personId: person,
          contractId: r.contract_id!,
          joinedAt: r.joined_at!,
          requestedBy: r.requested_by,
        },
      };
    case 'left':
      return {
        type: 'WaitingListLeft',
        data: {
          personId: person,
          contractId: r.contract_id!,
          reason: r.leave_reason as never,
          on: r.left_on!,
        },
      };
    case 'died':
      return { type: 'PersonDied', data: { personId: person, diedOn: r.died_on! } };
    case 'emigrated':
      return { type: 'PersonEmigrated', data: { personId: person, emigratedOn: r.emigrated_on! } };
    case 'opted_out':
      return { type: 'PersonOptedOut', data: { personId: person, on: r.opted_out_on! } };
    case 'canceled':
      return {
        type: 'ContractCanceled',
        data: {
          contractId: r.contract_id!,
          effectiveFrom: r.canceled_from!,
          moveToContractId: '',
          endReason: r.end_reason ?? '',
          movedPersonIds: [],
        },
      };
    default:
      throw new Error(`unknown legacy fact kind ${kind}`);
  }
}
