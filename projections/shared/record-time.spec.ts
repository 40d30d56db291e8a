import type { RecordedEvent } from '@flr/event-store';
import { known, lastKnown, recordTimeOf } from './record-time';

const LOG_TIME = new Date('2024-06-01T08:00:00Z');

function recorded(metadata: unknown): RecordedEvent {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    type: 'PatientListed',
    data: {},
    metadata: metadata as RecordedEvent['metadata'],
    stream: 'person-1',
    revision: 0n,
    position: 1n,
    recordedAt: LOG_TIME,
    isJson: true,
  };
}

describe('record time of an event (DESIGN §3.4)', () => {
  it('is the registeredAt instant when the event carries one, offset included', () => {
    expect(recordTimeOf(recorded({ registeredAt: '2009-05-17T12:00:00+02:00' }))).toBe(
      Date.UTC(2009, 4, 17, 10, 0, 0),
    );
    expect(recordTimeOf(recorded({ registeredAt: '2009-05-17T12:00:00Z' }))).toBe(
      Date.UTC(2009, 4, 17, 12, 0, 0),
    );
  });

  it('is the log’s own time without metadata, without registeredAt, or with one that is not an instant', () => {
    for (const metadata of [undefined, {}, { registeredAt: 1242554400000 }, { registeredAt: 'yesterday' }]) {
      expect(recordTimeOf(recorded(metadata))).toBe(LOG_TIME.getTime());
    }
  });

  it('gives each event its own instant, whatever came before it', () => {
    const texts = [
      '2001-06-01T12:00:00+02:00',
      '2001-06-01T12:00:00+02:00',
      '2016-11-21T09:30:00+01:00',
      'not a date',
      '2001-06-01T12:00:00+02:00',
    ];
    expect(texts.map((registeredAt) => recordTimeOf(recorded({ registeredAt })))).toEqual([
      Date.UTC(2001, 5, 1, 10),
      Date.UTC(2001, 5, 1, 10),
      Date.UTC(2016, 10, 21, 8, 30),
      LOG_TIME.getTime(),
      Date.UTC(2001, 5, 1, 10),
    ]);
  });
});

describe('what the register knew at asOf', () => {
  it('knows everything without asOf, and a fact recorded exactly at asOf', () => {
    expect(known(5_000, undefined)).toBe(true);
    expect(known(5_000, 5_000)).toBe(true);
    expect(known(5_001, 5_000)).toBe(false);
  });

  it('takes the last revision in log order that was known then, not the one with the highest time', () => {
    // A backdated correction: recorded later in the log with an earlier registration time.
    const revisions = [
      { recordedAt: 100, value: 'first' },
      { recordedAt: 300, value: 'second' },
      { recordedAt: 200, value: 'backdated correction' },
    ];
    expect(lastKnown(revisions, undefined)?.value).toBe('backdated correction');
    expect(lastKnown(revisions, 250)?.value).toBe('backdated correction');
    expect(lastKnown(revisions, 199)?.value).toBe('first');
    expect(lastKnown(revisions, 300)?.value).toBe('backdated correction');
    expect(lastKnown(revisions, 99)).toBeUndefined();
    expect(lastKnown(undefined, 1_000)).toBeUndefined();
    expect(lastKnown([], undefined)).toBeUndefined();
  });
});
