import {
  listLackAfter,
  CONTRACT_EVENT_TYPES,
  PERSON_EVENT_TYPES,
  type ContractEvent,
  type ContractState,
  evolveContract,
  evolveMunicipality,
  evolvePerson,
  type GpEvent,
  initialContractState,
  initialMunicipalityState,
  initialPersonState,
  type MunicipalityEvent,
  type MunicipalityState,
  type PersonEvent,
  type PersonState,
  osloDateOf,
  type RegisterEvent,
} from '@flr/domain';
import { StreamNotFoundError } from '@flr/event-store';
import { ContractLinks } from './contract-links';
import { ContractRecords } from './contract-records';
import { ListIntakes } from './list-intakes';
import { DecisionLog } from './decision-log';
import type { OutcomeIndex } from './outcome-index';
import { OutcomeLog } from './outcome-log';
import { PersonCache } from './person-cache';
import { recordTimeOf, StreamRecordTimes } from './record-times';
import type { ViewEvent } from './view-event';
import { PersonIds } from './writer-view-ids';
import { BirthDays, NinIndex, PersonSet } from './writer-view-persons';

export type { ViewEvent } from './view-event';

/**
 * The single writer's private, up-to-date picture of the register (DESIGN §3.3): every person's and
 * contract's decider state, the nin index, list occupancy by date, waiting queues, unassigned
 * residents, decisions in progress and recent command outcomes. Restored from its snapshot and caught up
 * from the log at start-up (or folded from the whole log). Persons are interned as ordinals and the
 * per-person indexes (nins, birth dates, links, emigration) are flat columns: the view of the whole
 * country fits in a few hundred MB (issue 8).
 */
export interface WriterViewOptions {
  /** Reads one stream (person states are loaded on demand). */
  readonly readStream?: (
    stream: string,
  ) => AsyncIterable<{ type: string; data: unknown; revision: bigint; metadata?: Record<string, unknown> }>;
  /** How many person states to keep in memory (least recently used go first). */
  readonly personCacheSize?: number;
  /** Where command outcomes are kept (default: in memory, folded from the log at every start). */
  readonly outcomeIndex?: OutcomeIndex;
  /** How many recently used command outcomes to keep in memory besides the index. */
  readonly outcomeCacheSize?: number;
}

/** Person ids come after the `person-` prefix of their stream name. */
const PERSON_PREFIX = 'person-';

export class WriterView {
  readonly persons: PersonCache;
  /** Every person id the view has seen, as ordinals the indexes below share. */
  readonly personIds = new PersonIds();
  readonly ninIndex = new NinIndex(this.personIds);
  readonly contracts = new Map<string, ContractState>();
  /** Every contract state with the day it was recorded, for the daily job of a past date (API.md). */
  readonly contractRecords = new ContractRecords();
  /** R14: arrivals on each list since the daily job opened it. */
  readonly intakes = new ListIntakes();
  readonly gps = new Set<number>();
  readonly municipalities = new Map<string, MunicipalityState>();
  readonly links = new ContractLinks(this.personIds);
  /** contractId -> personId -> joinedAt, in join order (R23 FIFO). */
  readonly waiting = new Map<string, Map<string, string>>();
  /** personId -> since when the person may lack a list (R8: longest waiting first). */
  readonly maybeUnassigned = new Map<string, string>();
  /** Person ids by birth date (R12: the daily job writes to those turning 16). */
  readonly bornOn = new BirthDays(this.personIds);
  /** Emigrated persons: a registered move back makes them resident and unassigned again (R1, R7). */
  readonly emigrated = new PersonSet(this.personIds);
  readonly decisions = new DecisionLog();
  /** Command outcomes (idempotency): in the outcome index, the recently used ones also in memory. */
  readonly outcomes: OutcomeLog;
  /** Revisions of the small streams (contracts, GPs, municipalities, jobs); persons' are in the cache. */
  readonly revisions = new Map<string, bigint>();
  /** Latest record times of the small streams (the backdating rule); persons' are in the cache. */
  readonly recordTimes = new StreamRecordTimes();
  head = 0n;
  /** Bumped when a contract is created or a municipality code changes (indexes keyed on it go stale). */
  structureVersion = 0;

  constructor(private readonly options: WriterViewOptions = {}) {
    this.persons = new PersonCache(options.personCacheSize ?? 100_000);
    this.outcomes = new OutcomeLog(options.outcomeIndex, options.outcomeCacheSize);
  }

  /**
   * Gives back the spare room a fold from the whole log left in the flat columns (they grow by a
   * quarter at a time); a view restored from its snapshot has little to give back.
   */
  compact(): void {
    this.personIds.compact();
    this.ninIndex.compact();
    this.links.compact();
    this.bornOn.compact();
    this.emigrated.compact();
  }

  /** Expected revision for an append; a person stream must have been loaded first (see `person`). */
  revisionOf(stream: string): bigint | 'no_stream' {
    if (stream.startsWith(PERSON_PREFIX)) {
      return this.persons.peek(stream.slice(PERSON_PREFIX.length))?.revision ?? 'no_stream';
    }
    return this.revisions.get(stream) ?? 'no_stream';
  }

  /** A person's decider state: from the cache, or folded from the person's stream. */
  async person(personId: string): Promise<PersonState | undefined> {
    const cached = this.persons.get(personId);
    if (cached) return cached.state;
    if (!this.options.readStream) return undefined;
    let state = initialPersonState;
    let revision = -1n;
    let recordedAt = 0;
    try {
      for await (const e of this.options.readStream(`${PERSON_PREFIX}${personId}`)) {
        state = evolvePerson(state, { type: e.type, data: e.data } as PersonEvent);
        revision = e.revision;
        recordedAt = Math.max(recordedAt, recordTimeOf(e.metadata));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    if (revision < 0n) return undefined;
    this.persons.set(personId, state, revision, recordedAt);
    return state;
  }

  /**
   * Applies one event. `own` marks the writer's own appends: a new person is cached then; events read
   * back from the log only update the indexes (and a cached state, to keep it current).
   */
  apply(event: ViewEvent, own = false): void {
    if (!event.stream.startsWith(PERSON_PREFIX)) {
      this.revisions.set(event.stream, event.revision);
      const byJob = event.type === 'ListStatusChanged' && (event.data as { by?: string }).by === 'daily-job';
      this.recordTimes.recorded(event.stream, recordTimeOf(event.metadata), byJob);
    }
    if (event.position !== null && event.position > this.head) this.head = event.position;
    this.outcomes.record(event);
    const e = { type: event.type, data: event.data } as RegisterEvent;
    if (PERSON_EVENT_TYPES.has(e.type)) this.applyPerson(e as PersonEvent, event, own);
    else if (CONTRACT_EVENT_TYPES.has(e.type)) this.applyContract(e as ContractEvent, event.metadata);
    else if (e.type === 'GpRegistered') this.gps.add((e as GpEvent).data.hpr);
    else if (
      e.type === 'MunicipalityRenumbered' ||
      e.type === 'MunicipalityAutoAssignToggled' ||
      e.type === 'MunicipalityRenumberingAnnulled'
    ) {
      const m = e as MunicipalityEvent;
      const number = m.type === 'MunicipalityAutoAssignToggled' ? m.data.number : m.data.oldNumber;
      this.structureVersion++;
      const state = this.municipalities.get(number) ?? initialMunicipalityState;
      this.municipalities.set(number, evolveMunicipality(state, m));
    }
  }

  private applyPerson(e: PersonEvent, event: ViewEvent, own: boolean): void {
    const personId = e.data.personId;
    const metadata = event.metadata;
    const cached = this.persons.peek(personId);
    const recordedAt = recordTimeOf(metadata);
    if (cached) {
      const latest = Math.max(cached.recordedAt, recordedAt);
      this.persons.set(personId, evolvePerson(cached.state, e), event.revision, latest);
    } else if (own && e.type === 'PersonRegistered') {
      this.persons.set(personId, evolvePerson(initialPersonState, e), event.revision, recordedAt);
    }
    const since = String(metadata.registeredAt ?? '');
    if (typeof metadata.decisionId === 'string') this.decisions.markDone(metadata.decisionId, personId);
    // R7 (domain): whether the event may leave the person without a list, for the job's candidates.
    const lack = listLackAfter(e, this.emigrated.has(personId));
    if (lack === 'may-lack') this.maybeUnassigned.set(personId, since);
    else if (lack === 'has-list') this.maybeUnassigned.delete(personId);
    switch (e.type) {
      case 'PersonRegistered':
        this.ninIndex.set(e.data.nin, personId);
        this.bornOn.add(personId, e.data.birthDate);
        break;
      case 'PersonNinChanged':
        this.ninIndex.retire(e.data.oldNin, personId);
        this.ninIndex.set(e.data.newNin, personId);
        break;
      case 'PatientListed':
        this.links.listed(e.data.contractId, e.data.associationId, personId, e.data.from);
        this.intakes.arrived(e.data.contractId, e.data.associationId);
        break;
      case 'PatientUnlisted':
        this.links.unlisted(e.data.contractId, e.data.associationId, personId, e.data.to);
        break;
      case 'PersonDied':
        this.emigrated.delete(personId);
        break;
      case 'PersonEmigrated':
        this.emigrated.add(personId);
        break;
      case 'PersonMoved':
        this.emigrated.delete(personId);
        break;
      case 'PendingListingWithdrawn':
        this.links.withdrawn(e.data.contractId, e.data.associationId, personId);
        this.intakes.withdrawn(e.data.contractId, e.data.associationId);
        break;
      case 'PatientUnlistingAnnulled':
        this.links.reopened(e.data.contractId, e.data.associationId, personId, e.data.restoredTo);
        break;
      case 'FactAnnulled':
        // A wrong emigration annulled: resident again; a wrong death or opt-out: back in the scheme.
        if (e.data.annulledType === 'PersonEmigrated') this.emigrated.delete(personId);
        break;
      case 'WaitingListJoined': {
        const queue = this.waiting.get(e.data.contractId) ?? new Map<string, string>();
        queue.set(personId, e.data.joinedAt);
        this.waiting.set(e.data.contractId, queue);
        break;
      }
      case 'WaitingListLeft':
        this.waiting.get(e.data.contractId)?.delete(personId);
        break;
      default:
        break;
    }
  }

  private applyContract(e: ContractEvent, metadata: Record<string, unknown>): void {
    const id = e.data.contractId;
    if (e.type === 'ContractCreated') this.structureVersion++;
    const state = evolveContract(this.contracts.get(id) ?? initialContractState, e);
    this.contracts.set(id, state);
    const registeredAt = typeof metadata.registeredAt === 'string' ? metadata.registeredAt : undefined;
    const byJob = e.type === 'ListStatusChanged' && e.data.by === 'daily-job';
    if (e.type === 'ListStatusChanged') {
      if (byJob && e.data.status === 'open') this.intakes.opened(id);
      else this.intakes.ended(id);
    }
    this.contractRecords.add(id, state, registeredAt ? osloDateOf(registeredAt) : '', byJob);
    if (e.type === 'ListReductionOrdered') {
      this.decisions.open(
        e.data.reductionId,
        {
          kind: 'reduction',
          contractId: id,
          toContractId: e.data.toContractId,
          effectiveFrom: e.data.effectiveFrom,
          personIds: e.data.drawnPersonIds,
        },
        metadata,
      );
    } else if (e.type === 'ContractCanceled') {
      this.decisions.open(
        `cancel-${id}`,
        {
          kind: 'cancellation',
          contractId: id,
          toContractId: e.data.moveToContractId,
          effectiveFrom: e.data.effectiveFrom,
          personIds: e.data.movedPersonIds,
        },
        metadata,
      );
    }
  }
}
