import type { RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import { type Pseudonymiser, toMonth } from './pseudonymise';

/** One person–list period in a research extract: no NIN, no exact dates, no household. */
export interface LinkRow {
  readonly person: string;
  readonly birthYear: number | null;
  readonly sex: string | null;
  readonly residenceMunicipality: string | null;
  readonly contractId: string;
  readonly fromMonth: string;
  readonly toMonth: string | null;
  readonly beginReason: string;
  readonly endReason: string | null;
}

interface PersonFacts {
  birthYear: number | null;
  sex: string | null;
  municipality: string | null;
}

interface OpenLink {
  personId: string;
  contractId: string;
  from: string;
  to: string | null;
  beginReason: string;
  endReason: string | null;
  withdrawn: boolean;
}

/** A link with exact dates, internal to the export: never written out as is. */
export interface ExactLink {
  readonly personId: string;
  readonly birthYear: number | null;
  readonly sex: string | null;
  readonly municipality: string | null;
  readonly contractId: string;
  readonly from: string;
  readonly to: string | null;
  readonly beginReason: string;
  readonly endReason: string | null;
}

/** Coarsens and pseudonymises exact links into extract rows, ordered by person, then period start. */
export function toRows(links: readonly ExactLink[], pseudonymiser: Pseudonymiser): LinkRow[] {
  return links
    .map((link) => ({
      person: pseudonymiser.pseudonym('person', link.personId),
      birthYear: link.birthYear,
      sex: link.sex,
      residenceMunicipality: link.municipality,
      contractId: link.contractId,
      fromMonth: toMonth(link.from)!,
      toMonth: toMonth(link.to),
      beginReason: link.beginReason,
      endReason: link.endReason,
    }))
    .sort((a, b) =>
      a.person === b.person ? a.fromMonth.localeCompare(b.fromMonth) : a.person < b.person ? -1 : 1,
    );
}

/**
 * Folds the log into exact links. Pending links that were withdrawn before taking effect
 * are left out, like gp-history does.
 */
export function extractLinks(events: Iterable<RecordedEvent>): ExactLink[] {
  const persons = new Map<string, PersonFacts>();
  const links = new Map<string, OpenLink>();
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as RegisterEvent;
    switch (event.type) {
      case 'PersonRegistered':
        persons.set(event.data.personId, {
          birthYear: event.data.birthDate ? Number(event.data.birthDate.slice(0, 4)) : null,
          sex: event.data.sex,
          municipality: event.data.municipality,
        });
        break;
      case 'PersonMoved': {
        const person = persons.get(event.data.personId);
        if (person) person.municipality = event.data.municipality;
        break;
      }
      case 'PatientListed':
        links.set(event.data.associationId, {
          personId: event.data.personId,
          contractId: event.data.contractId,
          from: event.data.from,
          to: null,
          beginReason: event.data.beginReason,
          endReason: null,
          withdrawn: false,
        });
        break;
      case 'PatientUnlisted': {
        const link = links.get(event.data.associationId);
        if (link) {
          link.to = event.data.to;
          link.endReason = event.data.endReason;
        }
        break;
      }
      case 'PendingListingWithdrawn': {
        const link = links.get(event.data.associationId);
        if (link) link.withdrawn = true;
        break;
      }
      default:
        break;
    }
  }
  const out: ExactLink[] = [];
  for (const link of links.values()) {
    if (link.withdrawn || (link.to !== null && link.to <= link.from)) continue;
    const person = persons.get(link.personId);
    out.push({
      personId: link.personId,
      birthYear: person?.birthYear ?? null,
      sex: person?.sex ?? null,
      municipality: person?.municipality ?? null,
      contractId: link.contractId,
      from: link.from,
      to: link.to,
      beginReason: link.beginReason,
      endReason: link.endReason,
    });
  }
  return out;
}
