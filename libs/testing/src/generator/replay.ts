import { randomUUID } from 'node:crypto';
import { CommandProcessor, listFacts, type RegisterCommand } from '@flr/application';
import {
  type BusinessDate,
  contractActiveOn,
  DEFAULT_REGISTER_RULES,
  decideContract,
  decidePerson,
  effectiveDate,
  osloDateOf,
  type RegisterEvent,
  streams,
} from '@flr/domain';
import type { AppendOptions, AppendResult, EventData } from '@flr/event-store';
import { InMemoryEventStore } from '../in-memory-event-store';
import type { GeneratedEvent } from './generated-event';
import { Rng } from './rng';

/**
 * Replays a generated history through the real single-writer command processor (over the in-memory
 * store) and reports every place where the register's own events differ from the generator's.
 *
 * Each business action of the generator (one correlation id) is turned back into the commands an
 * administrator or Helfo would have issued; the events the processor appends for them must equal the
 * generator's, in order, type and data. Ids the register draws itself (person, association, period,
 * reduction ids) are compared as a one-to-one renaming: the first occurrence pairs them, every later
 * one must agree in both directions.
 *
 * The renaming keeps no order, but two decisions follow the order of the register's own person ids:
 * R31's draw (households sorted by their members' ids, then shuffled with the seed) and the order in
 * which R34b moves a cancelled list's patients (contract-links.ts `membersOn`). The replay takes them
 * as a register whose ids sort like the generator's would: a reduction is decided by the real
 * contract decider on the register's own facts under the generator's names, then carried out by the
 * real process manager (`resumeDecisions`); a cancellation is the real command, its moves compared in
 * the order of the generator's names.
 */
export interface ReplayReport {
  readonly persons: number;
  readonly actions: number;
  readonly commands: number;
  readonly events: number;
  readonly mismatches: string[];
}

/** Ids the register creates itself; everything else (contract ids, households, HPR) is given by the caller. */
const DRAWN_ID_KEYS = new Set(['personId', 'associationId', 'periodId', 'reductionId']);
const DRAWN_ID_LIST_KEYS = new Set(['parentIds', 'drawnPersonIds', 'movedPersonIds']);

export interface ReplayOptions {
  /** How many persons to draw (their mothers come along, so a newborn can name its parent). */
  readonly sample: number;
  readonly seed: string;
  /** Stop collecting after this many mismatches (default 20). */
  readonly maxMismatches?: number;
}

/** Draws the sample: a seeded choice among every registered person, closed over parents. */
export function samplePersons(history: Iterable<GeneratedEvent>, options: ReplayOptions): Set<string> {
  const persons: string[] = [];
  const parents = new Map<string, readonly string[]>();
  for (const e of history) {
    if (e.type !== 'PersonRegistered') continue;
    persons.push(e.data.personId);
    if (e.data.parentIds.length > 0) parents.set(e.data.personId, e.data.parentIds);
  }
  const rng = new Rng(options.seed);
  const chosen = new Set<string>();
  const wanted = Math.min(options.sample, persons.length);
  while (chosen.size < wanted) chosen.add(persons[rng.int(persons.length)]);
  const todo = [...chosen];
  while (todo.length > 0) {
    for (const parent of parents.get(todo.pop()!) ?? []) {
      if (!chosen.has(parent)) {
        chosen.add(parent);
        todo.push(parent);
      }
    }
  }
  return chosen;
}

export async function replayHistory(
  history: Iterable<GeneratedEvent>,
  persons: ReadonlySet<string>,
  options: { maxMismatches?: number } = {},
): Promise<ReplayReport> {
  const store = new RecordingStore();
  const rules = { ...DEFAULT_REGISTER_RULES, allowSyntheticNins: true };
  const processor = new CommandProcessor({ store, rules });
  await processor.start();
  const ids = new IdPairs();
  const nins = new Map<string, string>();
  const mismatches: string[] = [];
  const max = options.maxMismatches ?? 20;
  let actions = 0;
  let commands = 0;
  let events = 0;

  for (const action of actionsOf(history)) {
    const relevant = action.filter((e) => {
      const personId = personOfEvent(e);
      return personId === null || persons.has(personId);
    });
    if (relevant.length === 0) continue;
    actions++;
    for (const e of relevant) if (e.type === 'PersonRegistered') nins.set(e.data.personId, e.data.nin);
    store.appended.length = 0;
    const where = `${relevant[0].metadata.registeredAt} ${relevant.map((e) => e.type).join('+')}`;
    try {
      for (const command of commandsFor(relevant, nins, ids)) {
        commands++;
        const registeredAt = relevant[0].metadata.registeredAt;
        if (command.type === 'Promotion') {
          await promote(processor, store, ids.toRegister(command.personId), command.contractId, registeredAt);
        } else if (command.type === 'Reduction') {
          await reduce(processor, store, ids, command, rules, registeredAt);
        } else await processor.execute(command, { actor: 'replay', registeredAt });
      }
    } catch (error) {
      mismatches.push(`${where}: refused: ${(error as Error).message}`);
      if (mismatches.length >= max) break;
      continue;
    }
    events += relevant.length;
    const problem = compare(relevant, inGeneratorOrder(store.appended, ids), ids);
    if (problem) mismatches.push(`${where}: ${problem}`);
    if (mismatches.length >= max) break;
  }
  await processor.stop();
  return { persons: persons.size, actions, commands, events, mismatches };
}

/** The in-memory store, keeping what the last command appended (reading `$all` again is quadratic). */
class RecordingStore extends InMemoryEventStore {
  readonly appended: { type: string; data: unknown }[] = [];

  override async appendToStream(
    stream: string,
    events: readonly EventData[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const result = await super.appendToStream(stream, events, options);
    this.appended.push(...events);
    return result;
  }
}

/** The daily job's step for one waiting person (daily-job.ts `place`): decide, append, catch the writer up. */
async function promote(
  processor: CommandProcessor,
  store: InMemoryEventStore,
  personId: string,
  contractId: string,
  registeredAt: string,
): Promise<void> {
  const rules = { ...DEFAULT_REGISTER_RULES, allowSyntheticNins: true };
  const today = osloDateOf(registeredAt);
  const person = await processor.view.person(personId);
  if (!person) throw new Error(`the register does not know person ${personId}`);
  const target = listFacts(processor.view, contractId, effectiveDate(today, rules));
  const command = { type: 'PromoteFromWaitingList' as const, contractId, associationId: randomUUID() };
  const events = decidePerson(command, person, { rules, today, registeredAt, target });
  const metadata = { actor: 'replay', correlationId: randomUUID(), causationId: randomUUID(), registeredAt };
  await store.appendToStream(
    streams.person(personId),
    events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata })),
  );
  await processor.refresh();
}

/**
 * R31 as the `ReduceList` handler decides it (contract-handlers.ts): the members staying on the list
 * on the effective date with their households, birth dates and parents, drawn by the real contract
 * decider, but under the generator's names (see above); the drawn ids go back to the register's, and
 * the real process manager moves them (`resumeDecisions` finishes the decision just recorded).
 */
async function reduce(
  processor: CommandProcessor,
  store: InMemoryEventStore,
  ids: IdPairs,
  command: Reduction,
  rules: typeof DEFAULT_REGISTER_RULES,
  registeredAt: string,
): Promise<void> {
  const view = processor.view;
  const state = view.contracts.get(command.contractId);
  if (!state) throw new Error(`the register does not know contract ${command.contractId}`);
  const members = [];
  const drawable = { staying: true, listedBy: osloDateOf(registeredAt) };
  for (const personId of view.links.membersOn(command.contractId, command.effectiveFrom, drawable)) {
    const p = await view.person(personId);
    if (!p) throw new Error(`the register does not know person ${personId}`);
    members.push({
      personId: ids.toGenerated(personId),
      householdId: p.householdId,
      birthDate: p.birthDate,
      parentIds: p.parentIds.map((id) => ids.toGenerated(id)),
    });
  }
  const receiving = view.contracts.get(command.toContractId);
  const events = decideContract(
    {
      type: 'ReduceList',
      reductionId: randomUUID(),
      count: command.count,
      toContractId: command.toContractId,
      effectiveFrom: command.effectiveFrom,
      seed: command.seed,
    },
    state,
    {
      members,
      receiving: {
        exists: receiving?.exists ?? false,
        activeOnEffectiveDate: receiving ? contractActiveOn(receiving, command.effectiveFrom) : false,
      },
      overshoot: rules.reductionOvershoot,
    },
  );
  const correlationId = randomUUID();
  const metadata = { actor: 'replay', correlationId, causationId: correlationId, registeredAt };
  await store.appendToStream(
    streams.contract(command.contractId),
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      data:
        e.type === 'ListReductionOrdered'
          ? { ...e.data, drawnPersonIds: e.data.drawnPersonIds.map((id) => ids.toRegister(id)) }
          : e.data,
      metadata,
    })),
  );
  await processor.resumeDecisions();
}

/**
 * R34b moves a cancelled list's patients in the order of the register's person ids: put them (the
 * `movedPersonIds` and each person's events) in the order of the generator's names instead.
 */
function inGeneratorOrder(
  appended: readonly { type: string; data: unknown }[],
  ids: IdPairs,
): readonly { type: string; data: unknown }[] {
  const at = appended.findIndex((e) => e.type === 'ContractCanceled');
  if (at < 0) return appended;
  const canceled = appended[at].data as { movedPersonIds: string[] };
  const moved = new Set(canceled.movedPersonIds);
  const personOf = (e: { data: unknown }) => (e.data as { personId?: string }).personId ?? '';
  const groups = new Map<string, { type: string; data: unknown }[]>();
  let end = at + 1;
  for (; end < appended.length && moved.has(personOf(appended[end])); end++) {
    const group = groups.get(personOf(appended[end])) ?? [];
    group.push(appended[end]);
    groups.set(personOf(appended[end]), group);
  }
  const name = (id: string) => ids.toGenerated(id);
  const order = [...canceled.movedPersonIds].sort((a, b) =>
    name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0,
  );
  return [
    ...appended.slice(0, at),
    { type: 'ContractCanceled', data: { ...canceled, movedPersonIds: order } },
    ...order.flatMap((id) => groups.get(id) ?? []),
    ...appended.slice(end),
  ];
}

/** Consecutive events of one correlation id: one business action. */
function* actionsOf(history: Iterable<GeneratedEvent>): Generator<GeneratedEvent[]> {
  let current: GeneratedEvent[] = [];
  for (const e of history) {
    if (current.length > 0 && current[0].metadata.correlationId !== e.metadata.correlationId) {
      yield current;
      current = [];
    }
    current.push(e);
  }
  if (current.length > 0) yield current;
}

function personOfEvent(e: GeneratedEvent): string | null {
  return e.stream.startsWith('person-') ? e.stream.slice('person-'.length) : null;
}

/**
 * R22: a promotion is the daily job's decision for one person; the replay asks the person decider for
 * it directly (the job itself would also place the unassigned and recompute every list's status).
 */
interface Promotion {
  readonly type: 'Promotion';
  readonly personId: string;
  readonly contractId: string;
}

/** R31: a list reduction as the municipality orders it (`ReduceList` with the recorded seed). */
interface Reduction {
  readonly type: 'Reduction';
  readonly contractId: string;
  readonly count: number;
  readonly toContractId: string;
  readonly effectiveFrom: BusinessDate;
  readonly seed: string;
}

/** The commands that make the register emit an action's events (the inverse of the deciders). */
function commandsFor(
  action: readonly GeneratedEvent[],
  nins: ReadonlyMap<string, string>,
  ids: IdPairs,
): (RegisterCommand | Promotion | Reduction)[] {
  const nin = (personId: string): string => {
    const value = nins.get(personId);
    if (!value) throw new Error(`person ${personId} acts before being registered in the sample`);
    return value;
  };
  const out: (RegisterCommand | Promotion | Reduction)[] = [];
  for (let i = 0; i < action.length; i++) {
    const e = action[i] as RegisterEvent;
    const next = action[i + 1] as RegisterEvent | undefined;
    switch (e.type) {
      case 'PersonRegistered':
        out.push({
          type: 'RegisterPerson',
          nin: e.data.nin,
          birthDate: e.data.birthDate,
          sex: e.data.sex ?? undefined,
          municipality: e.data.municipality,
          householdId: e.data.householdId ?? undefined,
          parents: e.data.parentIds.map(nin),
          entitlement: e.data.entitlement ?? undefined,
        });
        break;
      case 'PatientListed':
        out.push({
          type: 'AssignPatient',
          nin: nin(e.data.personId),
          contractId: e.data.contractId,
          reason: e.data.beginReason,
          overrideReason: e.data.overrideReason ?? undefined,
          effectiveFrom: e.data.from,
        });
        break;
      case 'PatientUnlisted':
        if (e.data.endReason === 'CHANGED' && next?.type === 'PatientListed') {
          out.push({ type: 'ChangeGp', nin: nin(e.data.personId), contractId: next.data.contractId });
          i = skipConsequences(action, i + 1);
        } else throw new Error(`no command ends a link alone with ${e.data.endReason}`);
        break;
      case 'WaitingListJoined':
        out.push({ type: 'JoinWaitingList', nin: nin(e.data.personId), contractId: e.data.contractId });
        break;
      case 'WaitingListLeft':
        // R21: the person takes their own name off the waiting list.
        if (e.data.reason === 'LEFT') {
          out.push({ type: 'LeaveWaitingList', nin: nin(e.data.personId), contractId: e.data.contractId });
          break;
        }
        if (e.data.reason !== 'PROMOTED')
          throw new Error(`no command leaves a waiting list with ${e.data.reason}`);
        out.push({ type: 'Promotion', personId: e.data.personId, contractId: e.data.contractId });
        // Its link events and letter are the decision's own.
        while (i + 1 < action.length && personOfEvent(action[i + 1]) === e.data.personId) i++;
        break;
      case 'PersonDied':
        out.push({ type: 'RecordDeath', nin: nin(e.data.personId), diedOn: e.data.diedOn });
        i = skipConsequences(action, i);
        break;
      case 'PersonEmigrated':
        out.push({ type: 'RecordEmigration', nin: nin(e.data.personId), emigratedOn: e.data.emigratedOn });
        i = skipConsequences(action, i);
        break;
      case 'PersonOptedOut':
        out.push({ type: 'OptOut', nin: nin(e.data.personId) });
        i = skipConsequences(action, i);
        break;
      case 'PersonMoved':
        out.push({
          type: 'RecordMove',
          nin: nin(e.data.personId),
          municipality: e.data.municipality,
          householdId: e.data.householdId ?? undefined,
          movedOn: e.data.movedOn,
        });
        if (next?.type === 'LetterSent') i++;
        break;
      case 'ContractCreated':
        out.push({
          type: 'CreateContract',
          contractId: e.data.contractId,
          municipality: e.data.municipality,
          officeOrgNo: e.data.officeOrgNo,
          maxPatients: e.data.maxPatients,
          validFrom: e.data.validFrom,
          commonList: e.data.commonList,
          fixedSalary: e.data.fixedSalary,
          status: e.data.status,
        });
        break;
      case 'GpRegistered':
        out.push({
          type: 'RegisterGp',
          hpr: e.data.hpr,
          name: e.data.name,
          birthDate: e.data.birthDate ?? undefined,
          sex: e.data.sex ?? undefined,
          specialistInGeneralPractice: e.data.specialistInGeneralPractice,
        });
        break;
      case 'DoctorPeriodStarted':
        out.push({
          type: 'StartDoctorPeriod',
          contractId: e.data.contractId,
          hpr: e.data.hpr,
          relationship: e.data.relationship,
          from: e.data.from,
          to: e.data.to ?? undefined,
          substituteForHpr: e.data.substituteForHpr ?? undefined,
          workingPercentage: e.data.workingPercentage ?? undefined,
        });
        break;
      case 'DoctorPeriodEnded':
        out.push({
          type: 'EndDoctorPeriod',
          contractId: e.data.contractId,
          periodId: ids.toRegister(e.data.periodId),
          to: e.data.to,
        });
        break;
      case 'ListCeilingChanged':
        out.push({
          type: 'ChangeListCeiling',
          contractId: e.data.contractId,
          maxPatients: e.data.maxPatients,
        });
        break;
      case 'ListStatusChanged':
        if (e.data.by !== 'manual')
          throw new Error('the replay has no command for a daily-job status change');
        out.push({ type: 'ChangeListStatus', contractId: e.data.contractId, status: e.data.status });
        break;
      case 'ListReductionOrdered':
        out.push({
          type: 'Reduction',
          contractId: e.data.contractId,
          count: e.data.count,
          toContractId: e.data.toContractId,
          effectiveFrom: e.data.effectiveFrom,
          seed: e.data.seed,
        });
        // The moves of the drawn persons are the process manager's.
        i = action.length;
        break;
      case 'ContractCanceled':
        out.push({
          type: 'CancelContract',
          contractId: e.data.contractId,
          effectiveFrom: e.data.effectiveFrom,
          moveToContractId: e.data.moveToContractId,
          endReason: e.data.endReason,
        });
        // The moves and the ended waiting-list entries are the process manager's.
        i = action.length;
        break;
      case 'MunicipalityRenumbered':
        out.push({
          type: 'RenumberMunicipality',
          number: e.data.oldNumber,
          newNumber: e.data.newNumber,
          effectiveFrom: e.data.effectiveFrom,
        });
        break;
      default:
        throw new Error(`the replay has no command for ${e.type}`);
    }
  }
  return out;
}

/** Events a leave-the-scheme decision emits itself after its first one (links and entries it ends). */
function skipConsequences(action: readonly GeneratedEvent[], i: number): number {
  const person = personOfEvent(action[i]);
  let j = i;
  while (
    j + 1 < action.length &&
    personOfEvent(action[j + 1]) === person &&
    ['PatientUnlisted', 'WaitingListLeft', 'PendingListingWithdrawn'].includes(action[j + 1].type) &&
    (action[j + 1].data as { reason?: string }).reason !== 'PROMOTED'
  )
    j++;
  return j;
}

/** One-to-one pairing of the generator's ids with the register's. */
class IdPairs {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  /** Generator ids that name a contract period the replay needs to send back to the register. */
  toRegister(id: string): string {
    return this.forward.get(id) ?? id;
  }

  /** The generator's name for a register id (the id itself when it was never paired). */
  toGenerated(id: string): string {
    return this.backward.get(id) ?? id;
  }

  pair(generated: string, actual: string): string | null {
    const known = this.forward.get(generated);
    if (known !== undefined)
      return known === actual ? null : `${generated} was paired with ${known}, not ${actual}`;
    const other = this.backward.get(actual);
    if (other !== undefined) return `${actual} was already paired with ${other}, not ${generated}`;
    this.forward.set(generated, actual);
    this.backward.set(actual, generated);
    return null;
  }
}

function compare(
  expected: readonly GeneratedEvent[],
  actual: readonly { type: string; data: unknown }[],
  ids: IdPairs,
): string | null {
  const types = (list: readonly { type: string }[]) => list.map((e) => e.type).join(',');
  if (types(expected) !== types(actual))
    return `types [${types(expected)}] but the register emitted [${types(actual)}]`;
  for (let i = 0; i < expected.length; i++) {
    const problem = compareData(expected[i].data as object, actual[i].data as object, ids);
    if (problem) return `${expected[i].type}: ${problem}`;
  }
  return null;
}

function compareData(expected: object, actual: object, ids: IdPairs): string | null {
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
  for (const key of keys) {
    const x = e[key];
    const y = a[key];
    if (DRAWN_ID_KEYS.has(key) && typeof x === 'string' && typeof y === 'string') {
      const problem = ids.pair(x, y);
      if (problem) return `${key}: ${problem}`;
      continue;
    }
    if (DRAWN_ID_LIST_KEYS.has(key) && Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      for (let i = 0; i < x.length; i++) {
        const problem = ids.pair(String(x[i]), String(y[i]));
        if (problem) return `${key}[${i}]: ${problem}`;
      }
      continue;
    }
    if (JSON.stringify(x) !== JSON.stringify(y))
      return `${key} is ${JSON.stringify(x)} in the generator, ${JSON.stringify(y)} in the register`;
  }
  return null;
}
