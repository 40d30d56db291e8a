import { EX } from './examples';

/** A refusal a command can give: 409 with a rule id, or 404 for an unknown resource. */
export type Refusal = readonly [code: string, rule: string, when: string];

export interface CommandDoc {
  readonly summary: string;
  /** The FLR/FLO operation it corresponds to (DOMAIN.md §5), or what the register does instead. */
  readonly flr: string;
  readonly rules: readonly string[];
  readonly description: string;
  readonly refusals: readonly Refusal[];
  readonly notFound: readonly string[];
  /** Path parameter examples. */
  readonly params?: Readonly<Record<string, string>>;
  /** Named request-body examples (Swagger UI offers each in a list). */
  readonly examples?: Readonly<Record<string, { summary: string; value: unknown }>>;
  /** Query parameter examples (DELETE takes commandId/registeredAt as query). */
  readonly query?: Readonly<Record<string, string>>;
}

const NOT_RESIDENT: Refusal[] = [
  ['PERSON_NOT_RESIDENT', 'R38', 'the person is registered as dead'],
  ['PERSON_NOT_RESIDENT', 'R39', 'the person has emigrated'],
];
const NOT_ENTITLED: Refusal[] = [
  ['NOT_ENTITLED', 'R2', 'a D-number holder without asylum-seeker, NATO or diplomatic status'],
  ['NOT_ENTITLED', 'R4', 'the person has opted out; opt in first'],
];
const ACTING_FOR: Refusal[] = [
  ['NOT_AUTHORISED', 'R11', 'a child under 16 acts through a parent (requestedBy) who shares their address'],
  ['NOT_AUTHORISED', 'R12', 'from 16 the person acts alone (requestedBy given)'],
];
const INACTIVE: Refusal = [
  'CONTRACT_NOT_ACTIVE',
  'R34',
  'the contract is not in force on the date (or cancelled)',
];

/** Every command of API.md with what it does, its rules, what refuses it, and a worked example. */
export const COMMANDS: Readonly<Record<string, CommandDoc>> = {
  'POST /v1/gps': {
    summary: 'Register a GP (RegisterGp)',
    flr: 'FLO: GP master data (GP, HPR number)',
    rules: ['R46'],
    description:
      'Adds a GP by HPR number (helsepersonellregisteret) with name, birth date, sex and specialist status.',
    refusals: [['ALREADY_REGISTERED', 'R46', 'a GP with that HPR number is already registered']],
    notFound: [],
    examples: {
      fastlege: {
        summary: 'Kari Nordmann, specialist in general practice',
        value: {
          hpr: EX.gp,
          name: 'Kari Nordmann',
          birthDate: '1975-02-11',
          sex: 'female',
          specialistInGeneralPractice: true,
        },
      },
      vikar: {
        summary: 'Ola Vikar, a substitute',
        value: { hpr: EX.substituteGp, name: 'Ola Vikar', birthDate: '1990-08-30', sex: 'male' },
      },
    },
  },
  'POST /v1/contracts': {
    summary: 'Create a GP agreement, i.e. a list (CreateContract, fastlegeavtale)',
    flr: 'FLO: GPContract (DOMAIN §2.4)',
    rules: ['§2.4', 'R14', 'R27', 'R46'],
    description:
      'A fastlegeavtale between a municipality and a GP office, with its listetak (maxPatients 0–5000, R27), status ' +
      '(open by default; the daily job opens and closes it by R14 unless locked), fellesliste and fixed salary. ' +
      '`validFrom` may not precede the scheme (2001-06-01).',
    refusals: [['ALREADY_REGISTERED', 'R46', 'a contract with that id already exists']],
    notFound: [],
    examples: {
      sagene1: {
        summary: 'A list of 1,500 at Sagene, Oslo',
        value: {
          contractId: EX.list,
          municipality: EX.municipality,
          officeOrgNo: EX.officeOrgNo,
          maxPatients: 1500,
          validFrom: EX.validFrom,
        },
      },
      sagene2: {
        summary: 'A second list at the same office',
        value: {
          contractId: EX.otherList,
          municipality: EX.municipality,
          officeOrgNo: EX.officeOrgNo,
          maxPatients: 1200,
          validFrom: EX.validFrom,
        },
      },
    },
  },
  'POST /v1/contracts/{id}/doctors': {
    summary: 'Start a doctor period on a list: fastlege (LPFL) or substitute (LPVI, SetSubstitute)',
    flr: 'FLO: GPOnContractAssociation (DOMAIN §2.5)',
    rules: ['R33', 'R34a', 'R37'],
    description:
      'LPFL = fastlege, LPVI = vikar. Doctor periods never move patients (R34a, R37). A substitute for a named GP needs ' +
      'that GP’s fastlege period on the list; `substituteForHpr` is for LPVI only and names another GP (else 400). `periodId` may be chosen by the caller (as a contractId is); the answer ' +
      'carries it, or the generated one (needed to end the period).',
    refusals: [
      INACTIVE,
      ['ALREADY_REGISTERED', 'R46', 'the list already has a doctor period with that periodId'],
      ['OVERLAPPING_PERIOD', 'R37', 'the doctor already has an overlapping period on this list'],
      ['NOT_A_GP_OF_THE_LIST', 'R37', 'substituteForHpr has no fastlege (LPFL) period on this list'],
    ],
    notFound: ['UNKNOWN_CONTRACT', 'UNKNOWN_GP'],
    params: { id: EX.list },
    examples: {
      fastlege: {
        summary: 'Kari Nordmann as fastlege from the start',
        value: { hpr: EX.gp, relationship: 'LPFL', from: EX.validFrom },
      },
      vikar: {
        summary: 'Ola Vikar covers for Kari Nordmann in the summer',
        value: {
          periodId: EX.vikarPeriod,
          hpr: EX.substituteGp,
          relationship: 'LPVI',
          from: '2025-07-01',
          to: '2025-08-15',
          substituteForHpr: EX.gp,
        },
      },
    },
  },
  'POST /v1/gps/{hpr}/updates': {
    summary: 'Update a GP’s name, specialist status or HER-id from a date (UpdateGp)',
    flr: 'FLO: GP master data; announced as FLR’s GPUpdated',
    rules: ['§2.2', '§1.9'],
    description:
      'Records the fields that differ from the GP’s details in force on `validFrom` (valid time); fields left out stay ' +
      'as they are. `GET /v1/gps/{hpr}?at=` answers the details of that date, `asOf=` what the register knew then. ' +
      'The feed announces `GPUpdated` with the details from `validFrom`.',
    refusals: [['NOTHING_CHANGED', '§2.2', 'every field given already has that value on validFrom']],
    notFound: ['UNKNOWN_GP'],
    params: { hpr: String(EX.gp) },
    examples: {
      married: {
        summary: 'Kari Nordmann takes a new name and gets a HER-id from March 2025',
        value: { validFrom: '2025-03-01', name: 'Kari Nordmann Berg', herId: EX.herId },
      },
    },
  },
  'POST /v1/contracts/{id}/updates': {
    summary:
      'Update a contract’s office, co-operating municipalities, accessibility, salary or utekontor from a date (UpdateContract)',
    flr: 'FLO: UpdateGPContract / UpdateGPContractCoopMunicipalities / UpdateGPOfficeOnGPContracts; announced as ContractUpdated',
    rules: ['§2.4', '§2.3', '§1.8', 'R34'],
    description:
      'Records the fields that differ from the contract’s details in force on `validFrom` (valid time); fields left out ' +
      'stay as they are, lists (co-operating municipalities, utekontor) are replaced whole. Co-operating municipalities ' +
      'must be in force on `validFrom` (§1.8), hold no duplicate and never the contract’s own municipality (§2.4). ' +
      '`GET /v1/contracts/{id}?at=` answers the details of that date, `asOf=` what the register knew then; the feed ' +
      'announces `ContractUpdated` with `changesValidFrom`.',
    refusals: [
      ['NOTHING_CHANGED', '§2.4', 'every field given already has that value on validFrom'],
      ['UPDATE_BEFORE_CONTRACT_START', '§2.4', 'validFrom is before the contract’s own validFrom'],
      ['COOP_INCLUDES_MAIN_MUNICIPALITY', '§2.4', 'a co-operating municipality is the contract’s own'],
      [
        'MUNICIPALITY_NOT_IN_FORCE',
        '§1.8',
        'a co-operating municipality number is not in force on validFrom',
      ],
      ['CONTRACT_NOT_ACTIVE', 'R34', 'validFrom is on or after the contract’s cancellation'],
    ],
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.list },
    examples: {
      office: {
        summary:
          'Sagene 1: office name and address, co-operation with Bærum, step-free access, a utekontor, from 2025',
        value: {
          validFrom: '2025-01-01',
          officeName: 'Sagene legesenter',
          officeAddress: { street: 'Sandakerveien 24', postalCode: '0473', city: 'Oslo' },
          coopMunicipalities: ['3201'],
          accessibleToMobilityImpaired: true,
          outOfOfficeLocations: [
            {
              description: 'Tirsdager på Nydalen helsehus',
              address: { street: 'Nydalsveien 30', postalCode: '0484', city: 'Oslo' },
            },
          ],
        },
      },
      salary: {
        summary: 'Sagene 1 becomes fixed-salary (fastlønnet) from 2026',
        value: { validFrom: '2026-01-01', fixedSalary: true },
      },
    },
  },
  'POST /v1/persons': {
    summary: 'Register a resident from the population register (RegisterPerson)',
    flr: 'Folkeregisteret → FLO (new resident)',
    rules: ['R1', 'R2', 'R46', '§1.1'],
    description:
      'A resident with a fødselsnummer (R1) or a D-number holder with an entitlement flag (R2). Unassigned residents ' +
      'are placed by the daily job (R7). `parents` and `householdId` decide who may act for a child (R11).',
    refusals: [
      ['ALREADY_REGISTERED', 'R46', 'a person with that nin is already registered'],
      ['ALREADY_REGISTERED', 'R41', 'the nin was replaced by a newer one: it stays its former holder’s'],
    ],
    notFound: [],
    examples: {
      anna: {
        summary: 'Anna, Oslo',
        value: {
          nin: EX.anna,
          birthDate: '1985-03-15',
          sex: 'female',
          municipality: EX.municipality,
          householdId: 'H-ANNA',
        },
      },
      ola: {
        summary: 'Ola, Oslo',
        value: { nin: EX.ola, birthDate: '1952-11-02', sex: 'male', municipality: EX.municipality },
      },
      kari: {
        summary: 'Kari, Oslo',
        value: { nin: EX.kari, birthDate: '1990-06-24', sex: 'female', municipality: EX.municipality },
      },
      per: {
        summary: 'Per, Oslo',
        value: { nin: EX.per, birthDate: '1978-09-09', sex: 'male', municipality: EX.municipality },
      },
      child: {
        summary: 'Anna’s daughter, living with her',
        value: {
          nin: EX.child,
          birthDate: '2016-04-04',
          sex: 'female',
          municipality: EX.municipality,
          householdId: 'H-ANNA',
          parents: [EX.anna],
        },
      },
    },
  },
  'POST /v1/assignments': {
    summary: 'Place a person on a list (AssignPatient, placement by the register)',
    flr: 'FLO: Helfo placement (tildeling)',
    rules: ['R7', 'R14', 'R17', 'R28', 'R32'],
    description:
      'Takes effect on the 1st of the month after registration (R7, R17) unless `effectiveFrom` is given for imported ' +
      'history. Needs a free place on a list that is not locked, unless `overrideReason` is given (R28). Does not count ' +
      'toward the yearly limit (R16).',
    refusals: [
      ...NOT_RESIDENT,
      ...NOT_ENTITLED,
      INACTIVE,
      ['ALREADY_ON_LIST', 'R6', 'the person is already on that list from the effective date'],
      ['BARRED_FROM_LIST', 'R32', 'the person was removed from this GP’s list'],
      ['NO_CAPACITY', 'R14', 'the list is locked or full (without overrideReason)'],
      ['OVERLAPPING_PERIOD', '§2.6', 'effectiveFrom lies on or before the start of a link already in force'],
    ],
    notFound: ['UNKNOWN_PERSON', 'UNKNOWN_CONTRACT'],
    examples: {
      anna: {
        summary: 'Place Anna at Sagene',
        value: { nin: EX.anna, contractId: EX.list, reason: 'HELFO_MANUAL' },
      },
    },
  },
  'POST /v1/persons/{nin}/gp-changes': {
    summary: 'Change GP (ChangeGP, the person’s own choice)',
    flr: 'helsenorge: bytte fastlege',
    rules: ['R6', 'R11', 'R12', 'R15', 'R16', 'R17', 'R18', 'R19', 'R32', '§4.3'],
    description:
      'Takes effect on the 1st of the next month (R17); a later request in the same month replaces a pending one ' +
      '(§4.3). Counts toward 2 changes a calendar year (R15, counted by registration year R18) unless an R16 exception ' +
      'applies (move, GP left, reduction). Needs an open list with a free place (R6, R19); else join its waiting list. ' +
      'A parent sharing the address acts for a child under 16 (`requestedBy`, R11).',
    refusals: [
      ...NOT_RESIDENT,
      ...NOT_ENTITLED,
      ...ACTING_FOR,
      INACTIVE,
      ['ALREADY_ON_LIST', 'R6', 'already on that list from the effective date'],
      ['BARRED_FROM_LIST', 'R32', 'removed from this GP’s list for violent conduct'],
      ['NO_CAPACITY', 'R19', 'the list is not open or has no free place (answer says waitingListAvailable)'],
      ['YEARLY_LIMIT_REACHED', 'R15', 'two changes already counted this year and no R16 exception'],
    ],
    notFound: ['UNKNOWN_PERSON', 'UNKNOWN_CONTRACT'],
    params: { nin: EX.anna },
    examples: {
      anna: { summary: 'Anna chooses the other Sagene list', value: { contractId: EX.otherList } },
    },
  },
  'POST /v1/waiting-lists/{contractId}': {
    summary: 'Join a waiting list (JoinWaitingList)',
    flr: 'helsenorge: venteliste (FLR exposes only the count)',
    rules: ['R11', 'R21', 'R23', 'R24', 'R26'],
    description:
      'One waiting list at a time: joining another replaces the entry (R21, R26). Queue order is by join time (R23). ' +
      'Waiting lists exist from 2016-11-21 (R24).',
    refusals: [
      ...NOT_RESIDENT,
      ...NOT_ENTITLED,
      ...ACTING_FOR,
      INACTIVE,
      ['FEATURE_NOT_AVAILABLE', 'R24', 'before waiting lists existed'],
      ['ALREADY_ON_WAITING_LIST', 'R21', 'already waiting for this list'],
      ['ALREADY_ON_LIST', 'R21', 'already on this list'],
    ],
    notFound: ['UNKNOWN_PERSON', 'UNKNOWN_CONTRACT'],
    params: { contractId: EX.list },
    examples: { ola: { summary: 'Ola waits for Sagene 1', value: { nin: EX.ola } } },
  },
  'DELETE /v1/waiting-lists/{contractId}/{nin}': {
    summary: 'Leave a waiting list (LeaveWaitingList)',
    flr: 'helsenorge: venteliste',
    rules: ['R21'],
    description: '`commandId` and `registeredAt` go in the query string (a DELETE has no body).',
    refusals: [['NOT_ON_WAITING_LIST', 'R21', 'the person is not on this waiting list']],
    notFound: ['UNKNOWN_PERSON', 'UNKNOWN_CONTRACT'],
    params: { contractId: EX.list, nin: EX.ola },
  },
  'POST /v1/persons/{nin}/moves': {
    summary: 'Record a move (RecordMove, from the population register)',
    flr: 'Folkeregisteret → FLO (flytting)',
    rules: ['R13b', 'R16', 'R40', '§1.8'],
    description:
      'A move keeps the GP (R40); between municipalities it sends a letter with the new municipality’s lists with a ' +
      'free place and opens one change that does not count (R16) for 6 months. A renumbering is never a move (§1.8).',
    refusals: NOT_RESIDENT.slice(0, 1),
    notFound: ['UNKNOWN_PERSON'],
    params: { nin: EX.anna },
    examples: {
      anna: {
        summary: 'Anna moves to Bergen (4601)',
        value: { municipality: '4601', householdId: 'H-ANNA-BERGEN', movedOn: '2025-10-01' },
      },
    },
  },
  'POST /v1/persons/{nin}/opt-out': {
    summary: 'Opt out of the scheme (OptOut)',
    flr: 'FLO: reservasjon',
    rules: ['R4', 'R42'],
    description:
      'Ends the current list and withdraws any waiting-list entry (R42). Opted-out persons are never placed.',
    refusals: [['ALREADY_OPTED_OUT', 'R4', 'already opted out'], ...NOT_RESIDENT, ...ACTING_FOR],
    notFound: ['UNKNOWN_PERSON'],
    params: { nin: EX.kari },
    examples: { kari: { summary: 'Kari opts out', value: {} } },
  },
  'POST /v1/persons/{nin}/opt-in': {
    summary: 'Opt in again (OptIn)',
    flr: 'FLO: reservasjon',
    rules: ['R42', 'R7'],
    description: 'The person is unassigned again and the daily job places them (R7).',
    refusals: [['NOT_OPTED_OUT', 'R42', 'the person has not opted out'], ...NOT_RESIDENT, ...ACTING_FOR],
    notFound: ['UNKNOWN_PERSON'],
    params: { nin: EX.kari },
    examples: { kari: { summary: 'Kari opts in', value: {} } },
  },
  'POST /v1/persons/{nin}/emigration': {
    summary: 'Record an emigration (RecordEmigration)',
    flr: 'Folkeregisteret → FLO (utvandret)',
    rules: ['R1', 'R39'],
    description: 'The list ends on the 1st of the month after the emigration by default (R39 [U] setting).',
    refusals: NOT_RESIDENT,
    notFound: ['UNKNOWN_PERSON'],
    params: { nin: EX.kari },
    examples: { kari: { summary: 'Kari emigrates', value: { emigratedOn: '2025-11-15' } } },
  },
  'POST /v1/persons/{nin}/death': {
    summary: 'Record a death (RecordDeath)',
    flr: 'Folkeregisteret → FLO (død)',
    rules: ['R38', 'R26'],
    description:
      'The list ends the day after death by default (R38 [U] setting); a waiting-list entry ends (R26).',
    refusals: NOT_RESIDENT.slice(0, 1),
    notFound: ['UNKNOWN_PERSON'],
    params: { nin: EX.ola },
    examples: { ola: { summary: 'Ola died', value: { diedOn: '2025-11-20' } } },
  },
  'POST /v1/persons/{nin}/nin-change': {
    summary: 'Change identity number (ChangeNin, UpdatePatientNin)',
    flr: 'FLR: UpdatePatientNin',
    rules: ['R41', '§1.1'],
    description:
      'Re-keys the whole history to the new number (R41); the old number stops resolving once recorded.',
    refusals: [
      [
        'ALREADY_REGISTERED',
        'R41',
        'the new nin belongs to another registered person, or was another person’s before a nin change',
      ],
    ],
    notFound: ['UNKNOWN_PERSON'],
    params: { nin: EX.per },
    examples: { per: { summary: 'Per gets a new fødselsnummer', value: { newNin: EX.perNew } } },
  },
  'POST /v1/persons/{nin}/corrections': {
    summary:
      'Correct a mistake: annul a wrongly recorded death, move, emigration, opt-out or placement (CorrectFact)',
    flr: 'FLO: korrigering (never by backdating, API.md)',
    rules: ['R46', 'R38', 'R39', 'R40', 'R42'],
    description:
      'Records a correction with the reason and the actor. Valid time shows the history as corrected; `asOf` before ' +
      'the correction shows what the register believed then. Links the wrong fact ended run again with their ' +
      'original periods, lists it withdrew are listed again, a waiting-list entry it ended is back in its place, a ' +
      'wrong placement never existed. Announced as PatientFactCorrected and PatientOnContract… public events.',
    refusals: [
      ['NOTHING_TO_CORRECT', 'R46', 'no such fact is recorded on the person that is not already corrected'],
    ],
    notFound: ['UNKNOWN_PERSON'],
    params: { nin: EX.ola },
    examples: {
      ola: {
        summary: 'Ola’s death was recorded by mistake',
        value: { fact: 'death', reason: 'Wrong person in the death report' },
      },
    },
  },
  'PUT /v1/contracts/{id}/ceiling': {
    summary: 'Change the list ceiling (ChangeListCeiling, listetak)',
    flr: 'FLR: UpdateGPContractMaxPatients',
    rules: ['R27', 'R29'],
    description: 'Moves nobody by itself (R29); to move patients, order a reduction.',
    refusals: [INACTIVE],
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.list },
    examples: { lower: { summary: 'Lower Sagene 1 to 1,400', value: { maxPatients: 1400 } } },
  },
  'PUT /v1/contracts/{id}/status': {
    summary: 'Set the list status by hand (ChangeListStatus)',
    flr: 'FLR: UpdateGPContractStatus (Åpen / Lukket / Låst)',
    rules: ['R14'],
    description:
      '`locked` stays until changed by hand; `open`/`closed` are recomputed by the daily job (R14).',
    refusals: [INACTIVE],
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.list },
    examples: { open: { summary: 'Open Sagene 1', value: { status: 'open' } } },
  },
  'POST /v1/contracts/{id}/doctors/{periodId}/end': {
    summary: 'End a doctor period (EndDoctorPeriod)',
    flr: 'FLO: GPOnContractAssociation.Valid.To',
    rules: ['R16', 'R33', 'R36', 'R37'],
    description:
      'A fastlege leaving opens one change that does not count for the list’s patients (R16). `periodId` is the one ' +
      'given to or answered by StartDoctorPeriod (also in GET /v1/contracts/{id} doctors). A later end may not ' +
      'stretch the period over another period of the same doctor in the same role on the list (R37).',
    refusals: [
      INACTIVE,
      ['OVERLAPPING_PERIOD', 'R37', 'the new end overlaps another period of the doctor on this list'],
    ],
    notFound: ['UNKNOWN_CONTRACT', 'UNKNOWN_DOCTOR_PERIOD'],
    params: { id: EX.list, periodId: EX.vikarPeriod },
    examples: { summerEnds: { summary: 'The substitute period ends early', value: { to: '2025-08-01' } } },
  },
  'POST /v1/contracts/{id}/removals': {
    summary: 'Remove a person from a list for violent or threatening conduct (RemoveFromList)',
    flr: 'FLO: fjerning fra liste (forskrift § 3 f)',
    rules: ['R32'],
    description: 'The person is moved to another list and barred from this GP’s list (R32).',
    refusals: [
      ['NOT_ON_LIST', 'R32', 'the person is not on this list'],
      INACTIVE,
      ['OVERLAPPING_PERIOD', '§2.6', 'a backdated move would overlap a link already in force'],
    ],
    notFound: ['UNKNOWN_PERSON', 'UNKNOWN_CONTRACT'],
    params: { id: EX.otherList },
    examples: {
      anna: { summary: 'Remove Anna to Sagene 1', value: { nin: EX.anna, moveToContractId: EX.list } },
    },
  },
  'POST /v1/contracts/{id}/reductions': {
    summary: 'Reduce a list (ReduceList): a household-clustered random draw',
    flr: 'FLO: listereduksjon',
    rules: ['R30', 'R31', 'R16', '§4.7'],
    description:
      'Draws `count` patients by household (children under 16 follow their parents, R31) with a recorded seed, and moves ' +
      'them on the 1st of a month (R30). Each moved person gets one extra change (R16). The answer names the `seed` ' +
      'the draw used (the one given, or one the register chose), and `reductionId`.',
    refusals: [
      INACTIVE,
      [
        'REDUCTION_EXCEEDS_LIST',
        'R30',
        '`count` exceeds the patients who can be drawn (a list is emptied by cancelling it, R34b)',
      ],
    ],
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.list },
    examples: {
      one: {
        summary: 'Move one patient to Sagene 2',
        value: { count: 1, toContractId: EX.otherList, effectiveFrom: '2030-01-01', seed: 'doc-example' },
      },
    },
  },
  'POST /v1/contracts/{id}/cancel': {
    summary: 'Cancel a contract and move its patients (CancelContract)',
    flr: 'FLO: avslutt fastlegeavtale',
    rules: ['R34b', 'R16'],
    description:
      'Every patient moves to `moveToContractId` from `effectiveFrom`; the move does not count (R16).',
    refusals: [INACTIVE],
    notFound: ['UNKNOWN_CONTRACT'],
    params: { id: EX.otherList },
    examples: {
      close: {
        summary: 'Sagene 2 closes; its patients go to Sagene 1',
        value: { effectiveFrom: '2030-02-01', moveToContractId: EX.list },
      },
    },
  },
  'POST /v1/municipalities/{number}/renumbering': {
    summary: 'Renumber a municipality (RenumberMunicipality, a code change, never a move)',
    flr: 'Kommunereform: kommunenummer change (§1.8)',
    rules: ['§1.8'],
    description:
      'Every contract of the municipality takes the new number from `effectiveFrom`; nobody moves.',
    refusals: [['ALREADY_RENUMBERED', '§1.8', 'this number was already renumbered']],
    notFound: [],
    params: { number: '1201' },
    examples: {
      bergen: {
        summary: 'Bergen 1201 → 4601 (2020 reform)',
        value: { newNumber: '4601', effectiveFrom: '2020-01-01' },
      },
    },
  },
  'POST /v1/municipalities/{number}/renumbering/corrections': {
    summary: 'Correct a wrongly recorded renumbering (CorrectRenumbering)',
    flr: 'No FLR operation: a register correction; announced as ContractUpdated per contract (the old number back)',
    rules: ['§1.8'],
    description:
      'Annuls the municipality’s recorded renumbering, with the reason (the actor is in the event’s metadata): valid-time ' +
      'answers show the old number throughout, `asOf` before the correction shows what the register believed then. ' +
      'The municipality can then be renumbered again (correctly). A renumbering whose new number was itself renumbered ' +
      'since is corrected from the end of the chain.',
    refusals: [
      [
        'NOTHING_TO_CORRECT',
        '§1.8',
        'no renumbering of this number is recorded that is not already corrected',
      ],
      ['RENUMBERING_HAS_SUCCESSOR', '§1.8', 'the new number was renumbered again; correct that one first'],
    ],
    notFound: [],
    params: { number: '1201' },
    examples: {
      bergen: {
        summary: 'Bergen’s renumbering was recorded by mistake',
        value: {
          reason: 'Recorded by mistake during a test of the reform import; Bergen’s contracts keep 1201 here',
        },
      },
    },
  },
  'PUT /v1/municipalities/{number}/auto-assignment': {
    summary: 'Switch automatic placement of unassigned residents off or on (R9)',
    flr: 'FLO: autoAssignEnabled per municipality',
    rules: ['R9'],
    description:
      'Off: the daily job leaves the municipality’s ufordelte unassigned (children under 16 still follow a parent).',
    refusals: [],
    notFound: [],
    params: { number: EX.municipality },
    examples: { on: { summary: 'Oslo keeps automatic placement on', value: { enabled: true } } },
  },
  'POST /v1/jobs/daily': {
    summary: 'Run the daily job for a business date',
    flr: 'FLO nightly run: entitlement, list status, placements (R7, R8, R14, R22)',
    rules: ['R7', 'R8', 'R12', 'R14', 'R22', '§4.5'],
    description:
      'Acts as of `date` (facts registered up to its end), may run again for the same date and never undoes earlier ' +
      'work: recomputes list status (R14), places ufordelte (R7, R8) and promotes waiting lists (R22). A `date` after ' +
      'the day the command is registered is `400` naming `date`: its facts are not known yet.',
    refusals: [],
    notFound: [],
    examples: { today: { summary: 'Run for 2026-12-01', value: { date: '2026-12-01' } } },
  },
};

/** The order in which the examples build one register (scripts/docs-tryout.ts follows it). */
export const TRY_OUT_ORDER: readonly string[] = [
  'POST /v1/gps',
  'POST /v1/contracts',
  'POST /v1/contracts/{id}/doctors',
  'POST /v1/gps/{hpr}/updates',
  'POST /v1/contracts/{id}/updates',
  'POST /v1/persons',
  'POST /v1/assignments',
  'POST /v1/persons/{nin}/gp-changes',
  'POST /v1/waiting-lists/{contractId}',
  'DELETE /v1/waiting-lists/{contractId}/{nin}',
  'POST /v1/persons/{nin}/moves',
  'POST /v1/persons/{nin}/opt-out',
  'POST /v1/persons/{nin}/opt-in',
  'POST /v1/persons/{nin}/emigration',
  'POST /v1/persons/{nin}/death',
  'POST /v1/persons/{nin}/nin-change',
  'POST /v1/persons/{nin}/corrections',
  'PUT /v1/contracts/{id}/ceiling',
  'PUT /v1/contracts/{id}/status',
  'POST /v1/contracts/{id}/doctors/{periodId}/end',
  'POST /v1/contracts/{id}/removals',
  'POST /v1/contracts/{id}/reductions',
  'POST /v1/contracts/{id}/cancel',
  'POST /v1/municipalities/{number}/renumbering',
  'POST /v1/municipalities/{number}/renumbering/corrections',
  'PUT /v1/municipalities/{number}/auto-assignment',
  'POST /v1/jobs/daily',
];
