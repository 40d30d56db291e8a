import type {
  FactAnnulled,
  BeginReason,
  BusinessDate,
  ChangeExemption,
  EndReason,
  Entitlement,
  Instant,
  PersonEvent,
  Sex,
} from '../events';

/** One person–list link (tilhørighet), half-open `[from, to)`. */
export interface Link {
  readonly associationId: string;
  readonly contractId: string;
  readonly from: BusinessDate;
  readonly to: BusinessDate | null;
  readonly beginReason: BeginReason;
  readonly endReason: EndReason | null;
  readonly countedInYear: number | null;
  readonly exemption: ChangeExemption | null;
  /** Set when a pending link was withdrawn before it took effect (§4.3). */
  readonly withdrawn: 'REPLACED' | 'LEFT_SCHEME' | 'CONTRACT_ENDED' | 'RESTORED' | 'ANNULLED' | null;
}

export interface Residence {
  readonly municipality: string;
  readonly from: BusinessDate;
  /** Exclusive: the day of the move away. */
  readonly to: BusinessDate | null;
}

export interface PersonState {
  readonly registered: boolean;
  readonly personId: string;
  readonly nin: string;
  readonly ninKind: 'FNR' | 'DNR';
  readonly birthDate: BusinessDate;
  readonly sex: Sex | null;
  readonly municipality: string;
  readonly householdId: string | null;
  readonly parentIds: readonly string[];
  readonly entitlement: Entitlement | null;
  readonly status: 'resident' | 'dead' | 'emigrated';
  readonly optedOut: boolean;
  readonly links: readonly Link[];
  readonly residences: readonly Residence[];
  /** The latest move between municipalities (R16, R40). */
  readonly lastMove: { readonly movedOn: BusinessDate; readonly from: string; readonly to: string } | null;
  readonly waiting: { readonly contractId: string; readonly joinedAt: Instant } | null;
  /** R32: lists, and the GPs who held them that day, the person may not choose again. */
  readonly barred: readonly { readonly contractId: string; readonly hprs: readonly number[] }[];
  /** R12: the letter at 16 was sent (once). */
  readonly age16LetterSent: boolean;
}

export const initialPersonState: PersonState = {
  registered: false,
  personId: '',
  nin: '',
  ninKind: 'FNR',
  birthDate: '1900-01-01',
  sex: null,
  municipality: '',
  householdId: null,
  parentIds: [],
  entitlement: null,
  status: 'resident',
  optedOut: false,
  links: [],
  residences: [],
  lastMove: null,
  waiting: null,
  barred: [],
  age16LetterSent: false,
};

function updateLink(state: PersonState, associationId: string, patch: Partial<Link>): PersonState {
  return {
    ...state,
    links: state.links.map((l) => (l.associationId === associationId ? { ...l, ...patch } : l)),
  };
}

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonRegistered': {
      const d = event.data;
      return {
        ...initialPersonState,
        registered: true,
        personId: d.personId,
        nin: d.nin,
        ninKind: d.ninKind,
        birthDate: d.birthDate,
        sex: d.sex,
        municipality: d.municipality,
        householdId: d.householdId,
        parentIds: d.parentIds,
        entitlement: d.entitlement,
        residences: [{ municipality: d.municipality, from: d.registeredOn, to: null }],
      };
    }
    case 'PersonMoved': {
      const d = event.data;
      const changed = d.fromMunicipality !== d.municipality;
      return {
        ...state,
        municipality: d.municipality,
        householdId: d.householdId,
        // A registered move back into Norway makes an emigrant resident again (R1).
        status: state.status === 'emigrated' ? 'resident' : state.status,
        residences: changed
          ? [
              ...state.residences.map((r) => (r.to === null ? { ...r, to: d.movedOn } : r)),
              { municipality: d.municipality, from: d.movedOn, to: null },
            ]
          : state.residences,
        lastMove: changed
          ? { movedOn: d.movedOn, from: d.fromMunicipality, to: d.municipality }
          : state.lastMove,
      };
    }
    case 'PersonDied':
      return { ...state, status: 'dead' };
    case 'PersonEmigrated':
      return { ...state, status: 'emigrated' };
    case 'PersonOptedOut':
      return { ...state, optedOut: true };
    case 'PersonOptedIn':
      return { ...state, optedOut: false };
    case 'PersonNinChanged':
      return { ...state, nin: event.data.newNin, ninKind: Number(event.data.newNin[0]) >= 4 ? 'DNR' : 'FNR' };
    case 'PatientListed': {
      const d = event.data;
      const link: Link = {
        associationId: d.associationId,
        contractId: d.contractId,
        from: d.from,
        to: null,
        beginReason: d.beginReason,
        endReason: null,
        countedInYear: d.countsTowardLimit ? d.countedInYear : null,
        exemption: d.exemption ?? null,
        withdrawn: null,
      };
      return { ...state, links: [...state.links, link] };
    }
    case 'PatientUnlisted':
      return updateLink(state, event.data.associationId, {
        to: event.data.to,
        endReason: event.data.endReason,
      });
    case 'PendingListingWithdrawn':
      return updateLink(state, event.data.associationId, { withdrawn: event.data.reason });
    case 'WaitingListJoined':
      return { ...state, waiting: { contractId: event.data.contractId, joinedAt: event.data.joinedAt } };
    case 'WaitingListLeft':
      return state.waiting?.contractId === event.data.contractId ? { ...state, waiting: null } : state;
    case 'PersonBarredFromList':
      return {
        ...state,
        barred: [
          ...state.barred,
          {
            contractId: event.data.contractId,
            hprs: event.data.hprs ?? (event.data.hpr === null ? [] : [event.data.hpr]),
          },
        ],
      };
    case 'LetterSent':
      return event.data.kind === 'AGE_16' ? { ...state, age16LetterSent: true } : state;
    case 'FactAnnulled':
      return annulled(state, event.data);
    case 'PatientUnlistingAnnulled':
      return updateLink(state, event.data.associationId, { to: event.data.restoredTo, endReason: null });
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** A corrected fact no longer holds (issue 11); what it caused on links and queues is undone by its own events. */
function annulled(state: PersonState, d: FactAnnulled['data']): PersonState {
  switch (d.annulledType) {
    case 'PersonDied':
    case 'PersonEmigrated':
      return { ...state, status: 'resident' };
    case 'PersonOptedOut':
      return { ...state, optedOut: false };
    case 'PersonMoved': {
      const back = d.restoredResidence;
      if (!back) return state;
      const residences = state.residences.slice(0, -1);
      const last = residences.at(-1);
      return {
        ...state,
        municipality: back.municipality,
        householdId: back.householdId,
        residences: last ? [...residences.slice(0, -1), { ...last, to: null }] : state.residences,
        // The move before the wrong one is not kept in the state; no move exception remains (R16).
        lastMove: null,
      };
    }
    default:
      return state;
  }
}
