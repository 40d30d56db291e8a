import fc from 'fast-check';
import { InvalidEventError, MaxAppendSizeExceededError } from './errors';
import { plainJsonSize } from './plain-json';
import { validateAppend } from './validation';

const id = '6f1c1c5e-8a6e-4b8b-9d1e-0b6a7f4c9a10';

describe('append validation', () => {
  it('measures plain JSON exactly as long as its JSON text when nothing needs escaping', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value);
        fc.pre(!json.includes('\\'));
        expect(plainJsonSize(value)).toBe(Buffer.byteLength(json));
      }),
    );
  });

  it('measures numbers, non-ASCII and long strings and keys exactly too', () => {
    const values = [
      0,
      -0,
      9,
      10,
      999_999_999,
      1_000_000_000,
      -5,
      1.5,
      2 ** 53,
      1e21,
      'Tromsø',
      'æøå'.repeat(40),
      'x'.repeat(200),
      { 'Bærum kommune': 3024, ['k'.repeat(70)]: 'v' },
    ];
    for (const value of values) expect(plainJsonSize(value)).toBe(Buffer.byteLength(JSON.stringify(value)));
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const json = JSON.stringify(value);
        fc.pre(!json.includes('\\'));
        expect(plainJsonSize(value)).toBe(Buffer.byteLength(json));
      }),
    );
  });

  it('keeps plain data as it is and lower-cases the id', () => {
    const data = { person: 'p-1', dates: ['2024-01-01'], n: 1.5, ok: true, none: null };
    const [event] = validateAppend('s', [{ id: id.toUpperCase(), type: 'T', data }]);
    expect(event!.data).toBe(data);
    expect(event!.id).toBe(id);
    expect(event!.metadata).toEqual({});
  });

  it('normalises data that JSON would change: a Date becomes its ISO string, undefined properties vanish', () => {
    const at = new Date('2024-05-17T10:00:00.000Z');
    const [event] = validateAppend('s', [{ id, type: 'T', data: { at, gone: undefined, n: Number.NaN } }]);
    expect(event!.data).toEqual({ at: '2024-05-17T10:00:00.000Z', n: null });
  });

  it('refuses metadata that is not an object and normalises metadata like data', () => {
    expect(() => validateAppend('s', [{ id, type: 'T', data: {}, metadata: 'text' as never }])).toThrow(
      InvalidEventError,
    );
    const [event] = validateAppend('s', [{ id, type: 'T', data: {}, metadata: { when: new Date(0) } }]);
    expect(event!.metadata).toEqual({ when: '1970-01-01T00:00:00.000Z' });
  });

  it('refuses binary data that is not bytes and a content type it does not know', () => {
    const binary = { id, type: 'T', data: 'text', contentType: 'application/octet-stream' as const };
    expect(() => validateAppend('s', [binary])).toThrow(InvalidEventError);
    expect(() =>
      validateAppend('s', [{ id, type: 'T', data: {}, contentType: 'text/plain' as never }]),
    ).toThrow(InvalidEventError);
  });

  it('refuses bad stream names: empty, $all and longer than an LMDB key allows', () => {
    for (const stream of ['', '$all', 'x'.repeat(1001)]) {
      expect(() => validateAppend(stream, [{ id, type: 'T', data: {} }])).toThrow(
        expect.objectContaining({ reason: 'invalid-stream' }),
      );
    }
  });

  it('counts the data bytes of every event towards the maximum append size, as EventStoreDB 24.10 does', () => {
    // '"xxx…"' is 42 bytes of JSON: two events are 84 bytes, three are 126.
    const event = { id, type: 'T'.repeat(50), data: 'x'.repeat(40), metadata: { k: 'v'.repeat(80) } };
    expect(validateAppend('s', [event, event], 100)).toHaveLength(2);
    expect(() => validateAppend('s', [event, event, event], 100)).toThrow(MaxAppendSizeExceededError);
    const binary = { id, type: 'B', contentType: 'application/octet-stream', data: new Uint8Array(100) };
    expect(validateAppend('s', [binary], 100)).toHaveLength(1);
    expect(() => validateAppend('s', [binary, { ...binary, data: new Uint8Array(1) }], 100)).toThrow(
      MaxAppendSizeExceededError,
    );
  });
});
