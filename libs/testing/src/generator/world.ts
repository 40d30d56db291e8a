import {
  addMonths,
  type BeginReason,
  type BusinessDate,
  type ChangeExemption,
  dateOfDayNumber,
  type EndReason,
  firstOfNextMonth,
  DEFAULT_REGISTER_RULES,
  makeOrgNo,
  type RegisterRules,
  municipalityCodes,
  type RegisterEventType,
  streams,
  toDayNumber,
} from '@flr/domain';
import { ContractBook } from './contract-book';
import { ensureCapacity } from './growable';
import type { DataOf, GeneratedEvent, HistorySummary } from './generated-event';
import { IdFactory, IdKind } from './ids';
import { MunicipalityModel } from './municipality-model';
import { DEFAULT_RATES, type GeneratorRates } from './options';
import { Population } from './population';
import { Rng } from './rng';
import { WaitingLists } from './waiting-lists';

/** How a change is counted (R15/R16): a credit it uses, one of the year's changes, or the reduction's extra. */
type Counting = 'MOVE' | 'GP_LEFT' | 'COUNTS' | 'REDUCTION_EXTRA';

/** The generator's mutable state and the event builders shared by its phases. */
export class World {
  readonly rng: Rng;
  readonly ids: IdFactory;
  readonly munis: MunicipalityModel;
  readonly pop: Population;
  readonly book = new ContractBook();
  readonly rates: GeneratorRates;
  /** The register rules the history follows (windows of R16, end dates of R38/R39). */
  readonly rules: RegisterRules = { ...DEFAULT_REGISTER_RULES, allowSyntheticNins: true };
  /** Current registration day. */
  day = 0;
  date: BusinessDate = '';
  /** The 1st of the month after `date` (R17 effective date) and the day after `date`. */
  nextFirst: BusinessDate = '';
  tomorrow: BusinessDate = '';
  epoch = 0;
  private registeredAt = '';
  private eventCounter = 0;
  private correlationCounter = 0;
  private correlation = '';
  private associationCounter = 0;
  private periodCounter = 0;
  private householdCounter = 0;
  private officeCounter = 0;
  gpCount = 0;
  /** The average list length the number of lists follows this year (§6; set each 1 January). */
  listLength = 1;
  /** List reductions ordered so far (their ids). */
  reductionCount = 0;
  /** People standing on a waiting list now. */
  waitingCount = 0;
  readonly waiting: WaitingLists;
  /** Origins (municipalities) that have at least one list; people only live where lists are. */
  listedOrigins: Uint8Array;
  /** R13b: residences left in the last 3 years, per person who moved (origin and day left). */
  readonly pastResidences = new Map<number, { origin: number; leftDay: number }[]>();
  /** The register's municipality state: renumberings recorded so far (old number -> new number). */
  readonly renumbered = new Map<string, { newNumber: string; effectiveFrom: BusinessDate }>();
  private listsByCode: { key: string; index: Map<string, number[]> } | null = null;
  /** Vacant lists whose next LPFL starts on a date (business date -> list indexes). */
  readonly fills = new Map<BusinessDate, number[]>();
  /** R14: lists locked by hand now, in the order they were locked (see ContractBook.lockedUntil). */
  readonly lockedLists = new Set<number>();

  constructor(
    readonly seed: number | string,
    readonly from: BusinessDate,
    readonly to: BusinessDate,
    rates: Partial<GeneratorRates> | undefined,
    readonly actor: string,
    readonly summary: HistorySummary,
  ) {
    this.rng = new Rng(seed);
    this.ids = new IdFactory(seed);
    this.munis = new MunicipalityModel(from, to);
    this.pop = new Population(this.munis.origins.length);
    this.listedOrigins = new Uint8Array(this.munis.origins.length);
    this.rates = { ...DEFAULT_RATES, ...rates };
    this.waiting = new WaitingLists(this);
  }

  /** The registration instant of today's actions. */
  get registeredAtNow(): string {
    return this.registeredAt;
  }

  /**
   * R16 as the register counts a change: an open move credit makes it free, else it takes one of the
   * year's changes; null when none is left. (The GP-left credit needs the list's doctors, which the
   * daily job does not pass for a promotion, so only changes by the person use it.)
   */
  changeCounting(p: number, gpLeft: boolean): Counting | null {
    if (this.pop.moveCreditOpen(p, this.day)) return 'MOVE';
    const c = this.pop.contract[p];
    // gp-left.ts: for a person moved off a cancelled list (R34b) the GP left on the day of that move.
    const endMove = this.pop.endMoveFrom[p];
    const left = endMove > 0 ? endMove : this.book.gpLeftDay[c];
    const until =
      endMove > 0
        ? toDayNumber(addMonths(dateOfDayNumber(endMove), this.rules.gpLeftExtraChangeWindowMonths))
        : this.book.gpLeftUntil[c];
    // gp-left.ts: a fastlege's departure counts only after the person's link began (pendingUntil is its start).
    const whileOnList = endMove > 0 || left > this.pop.pendingUntil[p];
    if (gpLeft && left > 0 && whileOnList && this.day < until && this.pop.gpLeftCreditFrom[p] < left)
      return 'GP_LEFT';
    const year = Number(this.date.slice(0, 4));
    if (this.pop.changeYear[p] !== year || this.pop.changeCount[p] < this.rules.yearlyChangeLimit)
      return 'COUNTS';
    // R16 (BANETT): a list reduction's extra change, once the year's changes are used up.
    return this.pop.reductionCredits[p] > 0 ? 'REDUCTION_EXTRA' : null;
  }

  /** Uses the credit or the change `changeCounting` found; returns the link's exemption. */
  useChange(p: number, counting: Counting): ChangeExemption | null {
    if (counting === 'MOVE') {
      this.pop.moveCreditUsed(p, toDayNumber(this.nextFirst));
      return 'MOVE';
    }
    if (counting === 'GP_LEFT') {
      this.pop.gpLeftCreditFrom[p] = toDayNumber(this.nextFirst);
      return 'GP_LEFT';
    }
    if (counting === 'REDUCTION_EXTRA') {
      this.pop.reductionCredits[p]--;
      return 'REDUCTION_EXTRA';
    }
    const year = Number(this.date.slice(0, 4));
    if (this.pop.changeYear[p] !== year) {
      this.pop.changeYear[p] = year;
      this.pop.changeCount[p] = 0;
    }
    this.pop.changeCount[p]++;
    return null;
  }

  mayBePromoted(p: number): boolean {
    return (
      this.pop.contract[p] >= 0 &&
      this.pop.pendingUntil[p] <= this.day &&
      this.changeCounting(p, false) !== null
    );
  }

  /** R22: the promoted person leaves their list on the 1st of next month for `c`, and gets a letter. */
  *promoteTo(p: number, c: number): Generator<GeneratedEvent> {
    const exemption = this.useChange(p, this.changeCounting(p, false)!);
    const from = this.nextFirst;
    yield this.unlist(p, from, 'CHANGED');
    yield this.list(p, c, from, 'WAITLIST', exemption === null, exemption);
    const personId = this.personId(p);
    yield this.emit(streams.person(personId), 'LetterSent', {
      personId,
      kind: 'WAITING_LIST_PLACED',
      on: this.date,
      contractIds: [this.contractId(c)],
      effectiveFrom: from,
    });
  }

  setDay(date: BusinessDate): void {
    this.date = date;
    this.day = toDayNumber(date);
    this.nextFirst = firstOfNextMonth(date);
    this.tomorrow = dateOfDayNumber(this.day + 1);
    this.epoch = this.munis.epochOf(date);
    this.registeredAt = `${date}T10:00:00.000Z`; // 11:00/12:00 in Oslo: the same business date
  }

  scheduleFill(c: number, on: BusinessDate): void {
    const list = this.fills.get(on);
    if (list) list.push(c);
    else this.fills.set(on, [c]);
  }

  /** Starts a new correlation (one business action = one correlation id). */
  action(): void {
    this.correlation = this.ids.make(IdKind.correlation, this.correlationCounter++);
  }

  /**
   * The many-person decision whose moves are being emitted (`metadata.decisionId`, as the register's
   * process manager tags them): the writer view counts them as done, so no start resumes the decision.
   */
  decisionId: string | null = null;

  emit<T extends RegisterEventType>(stream: string, type: T, data: DataOf<T>): GeneratedEvent {
    const id = this.ids.make(IdKind.event, this.eventCounter++);
    this.summary.events++;
    this.summary.eventsByType[type] = (this.summary.eventsByType[type] ?? 0) + 1;
    const metadata = {
      actor: this.actor,
      correlationId: this.correlation,
      causationId: this.correlation,
      registeredAt: this.registeredAt,
      ...(this.decisionId === null ? {} : { decisionId: this.decisionId }),
    };
    return { id, stream, type, data, metadata } as GeneratedEvent;
  }

  personId(p: number): string {
    return this.ids.make(IdKind.person, p);
  }
  contractId(c: number): string {
    return this.ids.make(IdKind.contract, c);
  }
  householdId(h: number): string {
    return this.ids.make(IdKind.household, h);
  }
  newHousehold(): number {
    return this.householdCounter++;
  }
  personCode(p: number): string {
    return this.munis.codeOf(this.pop.origin[p], this.epoch);
  }
  contractCode(c: number): string {
    return this.munis.codeOf(this.book.origin[c], this.epoch);
  }

  /**
   * The number standing for `number` on `date` as the register resolves it (application facts'
   * canonicalMunicipality): recorded renumberings first, else the national data when unambiguous.
   */
  canonical(number: string, date: BusinessDate): string {
    let current = number;
    for (let i = 0; i < 10; i++) {
      const r = this.renumbered.get(current);
      if (r && r.effectiveFrom <= date) {
        current = r.newNumber;
        continue;
      }
      const national = municipalityCodes.canonicalOn(current, date);
      if (national.length !== 1 || national[0] === current) break;
      current = national[0];
    }
    return current;
  }

  /**
   * R40: the lists the move letter offers, as the register finds them: lists in force on `date` whose
   * municipality resolves to `code` on `date`, with a free place, in contract-id order (= index order).
   */
  listsWithPlaces(code: string, date: BusinessDate): string[] {
    const key = `${date}:${this.book.size}:${this.renumbered.size}`;
    if (this.listsByCode?.key !== key) {
      const index = new Map<string, number[]>();
      for (let c = 0; c < this.book.size; c++) {
        const at = this.canonical(this.book.createdCode[c], date);
        const list = index.get(at);
        if (list) list.push(c);
        else index.set(at, [c]);
      }
      this.listsByCode = { key, index };
    }
    const day = toDayNumber(date);
    const out: string[] = [];
    for (const c of this.listsByCode.index.get(code) ?? [])
      if (this.book.validFromDay[c] <= day && this.book.free(c) > 0) out.push(this.contractId(c));
    return out;
  }

  /** A synthetic office organisation number (valid mod-11, §1.7). */
  newOrgNo(): string {
    for (;;) {
      const org = makeOrgNo(String(31000000 + this.officeCounter++));
      if (org !== null) return org;
    }
  }

  newPeriodId(): { n: number; id: string } {
    const n = this.periodCounter++;
    return { n, id: this.ids.make(IdKind.doctorPeriod, n) };
  }

  /** PatientListed from `from` (a pending link until then); updates list sizes. */
  list(
    p: number,
    c: number,
    from: BusinessDate,
    reason: BeginReason,
    counts: boolean,
    exemption: ChangeExemption | null = null,
    overrideReason: string | null = null,
  ): GeneratedEvent {
    const a = this.associationCounter++;
    this.pop.contract[p] = c;
    this.pop.association[p] = a;
    this.pop.pendingUntil[p] = toDayNumber(from);
    this.pop.endMoveFrom[p] = reason === 'CONTRACT_END_MOVE' ? toDayNumber(from) : 0;
    const slot = this.book.listSize[c]++;
    this.book.members[c] = ensureCapacity(this.book.members[c], slot + 1, Int32Array);
    this.book.members[c][slot] = p;
    this.pop.memberSlot[p] = slot;
    if (reason === 'CHOICE' || reason === 'WAITLIST') {
      const year = Number(this.date.slice(0, 4));
      this.summary.voluntaryChangesByYear[year] = (this.summary.voluntaryChangesByYear[year] ?? 0) + 1;
    }
    const personId = this.personId(p);
    return this.emit(streams.person(personId), 'PatientListed', {
      personId,
      associationId: this.ids.make(IdKind.association, a),
      contractId: this.contractId(c),
      from,
      beginReason: reason,
      countsTowardLimit: counts,
      countedInYear: counts ? Number(this.date.slice(0, 4)) : null, // R18: year of registration
      requestedBy: null,
      overrideReason,
      exemption,
    });
  }

  /** PatientUnlisted with exclusive `to`; the person is off the list from then on. */
  unlist(p: number, to: BusinessDate, reason: EndReason): GeneratedEvent {
    const c = this.pop.contract[p];
    this.pop.contract[p] = -1;
    const last = this.book.members[c][--this.book.listSize[c]];
    const slot = this.pop.memberSlot[p];
    this.book.members[c][slot] = last;
    this.pop.memberSlot[last] = slot;
    const personId = this.personId(p);
    return this.emit(streams.person(personId), 'PatientUnlisted', {
      personId,
      associationId: this.ids.make(IdKind.association, this.pop.association[p]),
      contractId: this.contractId(c),
      to,
      endReason: reason,
    });
  }
}
