import type { RegisterEvent } from '@flr/domain';
import type { RecordedEvent } from '@flr/event-store';
import type { ProjectionDefinition, ReadModelTx } from '../../shared/read-model';
import { recordTimeOf } from '../../shared/record-time';
import { onListed, onNinChanged, onUnlisted, onUnlistingAnnulled, onWithdrawn } from './evolve-links';
import { onLifeEvent, onPersonMoved, onPersonRegistered } from './evolve-persons';

export const LINK_HISTORY = 'link-history';

/**
 * Every person–contract period since 2001 with begin and end reasons, bitemporal (R17, §2.6, §4.3),
 * in LMDB documents. No longer a registered projection (issue 10: the in-memory link index and
 * person register answer its questions); kept here as the reference the specs compare them with.
 */
export const linkHistoryProjection: ProjectionDefinition = {
  name: LINK_HISTORY,
  // v2: readable field names in stored documents (personId, nin, to, withdrawn, recordedAt, value, ...).
  version: 2,
  eventTypes: [
    'PersonRegistered',
    'PersonMoved',
    'PersonDied',
    'PersonEmigrated',
    'PersonOptedOut',
    'PersonOptedIn',
    'PersonNinChanged',
    'PatientListed',
    'PatientUnlisted',
    'PendingListingWithdrawn',
    'PatientUnlistingAnnulled',
  ],
  evolve(tx: ReadModelTx, recorded: RecordedEvent): void {
    const event = recorded as unknown as RegisterEvent;
    const r = recordTimeOf(recorded);
    switch (event.type) {
      case 'PersonRegistered':
        onPersonRegistered(tx, event.data, r);
        return;
      case 'PersonMoved':
        onPersonMoved(tx, event.data, r);
        return;
      case 'PersonDied':
        onLifeEvent(tx, event.data.personId, 'died', event.data.diedOn, r);
        return;
      case 'PersonEmigrated':
        onLifeEvent(tx, event.data.personId, 'emigrated', event.data.emigratedOn, r);
        return;
      case 'PersonOptedOut':
        onLifeEvent(tx, event.data.personId, 'optedOut', event.data.on, r);
        return;
      case 'PersonOptedIn':
        onLifeEvent(tx, event.data.personId, 'optedIn', event.data.on, r);
        return;
      case 'PersonNinChanged':
        onNinChanged(tx, event.data, r);
        return;
      case 'PatientListed':
        onListed(tx, event.data, r);
        return;
      case 'PatientUnlisted':
        onUnlisted(tx, event.data, r);
        return;
      case 'PendingListingWithdrawn':
        onWithdrawn(tx, event.data, r);
        return;
      case 'PatientUnlistingAnnulled':
        onUnlistingAnnulled(tx, event.data, r);
        return;
      default:
        return;
    }
  },
};
