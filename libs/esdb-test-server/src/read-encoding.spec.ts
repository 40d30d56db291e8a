import type { RecordedEvent } from '@flr/event-store';
import { recordedEventMessage } from './codec';
import type { ResolvedRead } from './node';
import { streamsPb } from './proto';
import { encodeReadEventResp } from './read-encoding';

/** The reference: the same ReadResp built with the generated google-protobuf classes. */
function eventResp(read: ResolvedRead) {
  const readEvent = new streamsPb.ReadResp.ReadEvent()
    .setEvent(recordedEventMessage(read.event))
    .setCommitPosition(read.position.toString());
  if (read.link) readEvent.setLink(recordedEventMessage(read.link));
  return new streamsPb.ReadResp().setEvent(readEvent);
}

const base: RecordedEvent = {
  id: '0b8c1c3e-2a55-4c4b-9d0e-6f1f2a3b4c5d',
  stream: 'person-1',
  type: 'PatientListed',
  revision: 0n,
  position: 1n,
  data: { personId: 'p1', n: 1 },
  metadata: { actor: 'test' },
  isJson: true,
  recordedAt: new Date('2026-12-04T21:00:00.123Z'),
} as RecordedEvent;

const cases: [string, RecordedEvent][] = [
  ['a JSON event with metadata', base],
  ['revision and position beyond one varint byte', { ...base, revision: 300n, position: 2n ** 40n + 7n }],
  ['empty metadata', { ...base, metadata: {} }],
  ['binary data', { ...base, isJson: false, data: new Uint8Array([0, 1, 255, 128]) }],
  ['empty binary data', { ...base, isJson: false, data: new Uint8Array(0) }],
  [
    'raw metadata kept base64',
    { ...base, metadata: { $esdbRawMetadata: Buffer.from([9, 8, 7]).toString('base64') } },
  ],
  [
    'non-ASCII stream, type and data',
    { ...base, stream: 'pasient-Ærøy-ü', type: 'Endret→', data: { navn: 'Åse 😀' } },
  ],
  ['a large body (multi-byte lengths)', { ...base, data: { text: 'x'.repeat(70_000) } }],
  ['JSON null data', { ...base, data: null }],
];

describe('ReadResp encoded straight to bytes', () => {
  it.each(cases)('gives the same bytes as google-protobuf for %s', (_name, event) => {
    const expected = Buffer.from(eventResp({ event, position: event.position }).serializeBinary());
    expect(encodeReadEventResp(event, event.position).equals(expected)).toBe(true);
  });

  it('gives the same bytes for a resolved link (event, link and the link position)', () => {
    const link: RecordedEvent = {
      ...base,
      id: '1b8c1c3e-2a55-4c4b-9d0e-6f1f2a3b4c5e',
      stream: '$ce-person',
      type: '$>',
      revision: 5n,
      position: 900n,
      data: new Uint8Array(Buffer.from('0@person-1')),
      isJson: false,
      metadata: { $o: 'person-1' },
    };
    const expected = Buffer.from(eventResp({ event: base, link, position: 900n }).serializeBinary());
    expect(encodeReadEventResp(base, 900n, link).equals(expected)).toBe(true);
  });
});
