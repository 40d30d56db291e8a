import { EX } from './examples';

export interface QueryDoc {
  readonly summary: string;
  readonly flr: string;
  readonly rules: readonly string[];
  readonly description: string;
  readonly notFound: readonly string[];
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** 'array' for bare JSON arrays (API.md), 'object' otherwise, 'ndjson' for the feed, 'text' for metrics. */
  readonly answer: 'array' | 'object' | 'ndjson' | 'text';
  readonly status?: number;
}

const P = { nin: EX.anna };

/** Every query and service endpoint with its FLR operation, rules and examples. */
export const QUERIES: Readonly<Record<string, QueryDoc>> = {
  'GET /v1/persons/{nin}/gp': {
    summary: 'The person’s GP on a date (GetPatientGPDetails)',
    flr: 'GetPatientGPDetails',
    rules: ['§2.6', 'R17'],
    description:
      'The list in force on `at` with its doctors; `listWithoutGp` when no fastlege serves it. 404 NO_GP when none.',
    notFound: ['UNKNOWN_PERSON', 'NO_GP'],
    params: P,
    answer: 'object',
  },
  'POST /v1/persons/gp-at-time': {
    summary: 'GPs of many persons at given dates (GetPatientsGPDetailsAtTime)',
    flr: 'GetPatientsGPDetailsAtTime',
    rules: ['§2.6'],
    description: 'Body `[{ nin, at }]` (at most 10,000); answers the found ones and omits the rest.',
    notFound: [],
    answer: 'array',
  },
  'GET /v1/persons/{nin}/gp-history': {
    summary: 'Every list period of a person, oldest first (GetPatientGPHistory)',
    flr: 'GetPatientGPHistory',
    rules: ['§2.6', '§4.3'],
    description: 'Periods that took effect (a pending change replaced before it took effect is left out).',
    notFound: ['UNKNOWN_PERSON'],
    params: P,
    answer: 'array',
  },
  'GET /v1/persons/{nin}/lists': {
    summary: 'The person’s current list and the pending one (§4.3)',
    flr: 'register view of GetPatientGPDetails',
    rules: ['§4.3', 'R17'],
    description: 'The list on `at` and the future-dated one that replaces it on the 1st.',
    notFound: ['UNKNOWN_PERSON'],
    params: P,
    answer: 'object',
  },
  'GET /v1/persons/{nin}': {
    summary: 'One person as the register sees them (administrators’ view)',
    flr: 'GetPerson + FLO case view',
    rules: ['R1', 'R2', 'R4', 'R11', 'R12', 'R15', 'R16', 'R21', 'R22', 'R23', 'R40'],
    description: '',
    notFound: ['UNKNOWN_PERSON'],
    params: P,
    answer: 'object',
  },
  'GET /v1/persons': {
    summary: 'Search persons by name-free criteria (administrators)',
    flr: 'FLO case search',
    rules: ['§2.8', '§1.8'],
    description: '',
    notFound: [],
    query: { municipality: EX.municipality, status: 'resident', withoutGp: 'true' },
    answer: 'array',
  },
  'GET /v1/municipalities/{number}/unassigned': {
    summary: 'Unassigned residents (ufordelte) of a municipality',
    flr: 'FLO: ufordelte queue',
    rules: ['§2.8', 'R7', 'R8', 'R9'],
    description: '',
    notFound: [],
    params: { number: EX.municipality },
    answer: 'array',
  },
  'GET /v1/municipalities/{number}/capitation': {
    summary: 'Basistilskudd of a municipality for a month (§3.12, R44)',
    flr: 'Helfo basistilskudd / gjesteinnbyggeroppgjør',
    rules: ['§3.12', 'R44'],
    description: '',
    notFound: [],
    params: { number: EX.municipality },
    query: { month: '2026-12' },
    answer: 'object',
  },
  'GET /v1/municipalities/{number}/capacity': {
    summary: 'Capacity of a municipality’s lists',
    flr: 'municipality capacity (R43)',
    rules: ['R43', 'R14'],
    description: 'Lists, places, free places and ufordelte count of the municipality on `at`.',
    notFound: [],
    params: { number: EX.municipality },
    answer: 'object',
  },
  'GET /v1/contracts/{id}': {
    summary: 'A contract as of a date (GetGPContract)',
    flr: 'GetGPContract',
    rules: ['§2.4', '§2.3', 'R14'],
    description:
      'Every field as of `at` (and as known at `asOf`), including the details an update sets from its date: ' +
      '`officeOrgNo`, `officeName`, `officeAddress`, `coopMunicipalities`, `accessibleToMobilityImpaired`, ' +
      '`fixedSalary`, `outOfOfficeLocations` (utekontor); `placesAvailable` is 0 unless the list is open (FAAA). ' +
      'An open list with no free place (a ceiling lowered to its size or below, S34) is answered `closed` at once (R14). ' +
      'A date before the contract starts is 404 `UNKNOWN_CONTRACT` (it did not exist then).',
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.list },
    answer: 'object',
  },
  'GET /v1/contracts/{id}/patients': {
    summary: 'Patients of a list on a date (GetGPPatientList, paged)',
    flr: 'GetGPPatientList',
    rules: ['§2.6'],
    description: 'Paged with `limit` and `cursor`; the next page is in the `Link: <…>; rel="next"` header.',
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.list },
    answer: 'array',
  },
  'GET /v1/contracts/{id}/waiting-list': {
    summary: 'The waiting list in queue order',
    flr: 'FLO queue (FLR exposes only PatientsOnWaitingList)',
    rules: ['R21', 'R23'],
    description: 'FIFO by join time (R23).',
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.list },
    answer: 'array',
  },
  'GET /v1/contracts/{id}/capitation': {
    summary: 'Basistilskudd of one list for a month (§3.12)',
    flr: 'Helfo basistilskudd',
    rules: ['§3.12', '§2.9'],
    description:
      'The list counted on the 1st; `basis` gives regime, formula, tiers and grunntilskudd. A month before the one ' +
      'the contract begins in is `404 UNKNOWN_CONTRACT`, as the contract `?at=` then.',
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.list },
    query: { month: '2026-12' },
    answer: 'object',
  },
  'GET /v1/contracts': {
    summary: 'Search contracts (QueryGPContracts, the helsenorge list)',
    flr: 'QueryGPContracts',
    rules: ['R14'],
    description: 'By municipality, free places and text (doctor name, contract id, office).',
    notFound: [],
    query: { municipality: EX.municipality, hasPlaces: 'true' },
    answer: 'array',
  },
  'GET /v1/offices/{orgNo}/contracts': {
    summary: 'Contracts on an office (GetGPContractsOnOffice)',
    flr: 'GetGPContractsOnOffice',
    rules: ['§2.4'],
    description: 'Without `at` every contract, historical and future included; with `at` those in force.',
    notFound: [],
    params: { orgNo: EX.officeOrgNo },
    answer: 'array',
  },
  'GET /v1/gps/{hpr}': {
    summary: 'A GP with their contracts (GetGPWithAssociatedGPContracts)',
    flr: 'GetGPWithAssociatedGPContracts',
    rules: ['§2.2', '§2.5', '§1.9'],
    description:
      'The GP and every doctor period (or those in force on `at`); `name`, `specialistInGeneralPractice` and `herId` ' +
      'as of `at` (default today) and as known at `asOf` (UpdateGp).',
    notFound: ['UNKNOWN_GP'],
    params: { hpr: String(EX.gp) },
    answer: 'object',
  },
  'GET /v1/gps/{hpr}/confirm': {
    summary: 'Is this GP the person’s GP? (ConfirmGP)',
    flr: 'ConfirmGP',
    rules: ['§9 q10'],
    description:
      'A fastlege (LPFL) on the person’s list; a vikar only with FLR_RULE_CONFIRM_GP_SUBSTITUTES=true.',
    notFound: [],
    params: { hpr: String(EX.gp) },
    query: { nin: EX.anna },
    answer: 'object',
  },
  'GET /v1/events': {
    summary: 'The public event feed (FLR service-bus events)',
    flr: 'FLR service bus: PatientOnContractCreated, ContractUpdated, …',
    rules: [],
    description:
      'NDJSON (or SSE with `Accept: text/event-stream`) from an exclusive `from` position; resumable.',
    notFound: [],
    answer: 'ndjson',
  },
  'GET /v1/admin/projections': {
    summary: 'Read models: checkpoint, head, lag, progress',
    flr: 'operations',
    rules: [],
    description: 'Every copy of every projection, active and rebuilding.',
    notFound: [],
    answer: 'array',
  },
  'POST /v1/admin/projections/{name}/rebuild': {
    summary: 'Rebuild a read model online',
    flr: 'operations',
    rules: [],
    description: 'A fresh copy builds beside the active one and takes over once caught up.',
    notFound: ['UNKNOWN_PROJECTION'],
    params: { name: 'person-register' },
    answer: 'object',
    status: 202,
  },
  'GET /v1/admin/audit/reads': {
    summary: 'The audit log of person reads',
    flr: 'operations (personopplysningsloven)',
    rules: ['R47'],
    description: 'Every read of person data with consumer, route and pseudonymised person.',
    notFound: [],
    answer: 'array',
  },
  'GET /metrics': {
    summary: 'Prometheus metrics',
    flr: 'operations',
    rules: [],
    description: 'Command counts, refusals by code, latencies, projection lag.',
    notFound: [],
    answer: 'text',
  },
  'GET /health': {
    summary: 'Detailed health (store, projections)',
    flr: 'operations',
    rules: [],
    description: 'Needs a role once authentication is on.',
    notFound: [],
    answer: 'object',
  },
  'GET /health/live': {
    summary: 'Liveness probe (always open)',
    flr: 'operations',
    rules: [],
    description: 'Answers as long as the process serves HTTP.',
    notFound: [],
    answer: 'object',
  },
};
