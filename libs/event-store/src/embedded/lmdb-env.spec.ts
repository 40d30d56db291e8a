import { randomUUID } from 'node:crypto';
import { idKey } from './lmdb-env';

/** The id index's key as it was first defined: the hex digits without the dashes, decoded. */
const hexKey = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');

describe('idKey', () => {
  it('is the 16 bytes of a uuid, lower or upper case', () => {
    for (let i = 0; i < 500; i++) {
      const id = randomUUID();
      expect(Buffer.from(idKey(id))).toEqual(hexKey(id));
      expect(Buffer.from(idKey(id.toUpperCase()))).toEqual(hexKey(id));
    }
    expect([...idKey('00112233-4455-6677-8899-aabbccddeeff')]).toEqual([
      0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    ]);
  });

  it('gives every call its own bytes', () => {
    const a = idKey('00112233-4455-6677-8899-aabbccddeeff');
    const b = idKey('ffeeddcc-bbaa-9988-7766-554433221100');
    expect(a[0]).toBe(0x00);
    expect(b[0]).toBe(0xff);
  });

  it('decodes any other form as its hex digits without dashes, as before', () => {
    for (const id of [
      '0123456789abcdef0123456789abcdef0123',
      '01234567-89ab-cdef-0123-456789abcdeg',
      '0123456789-ab-cdef-0123-456789abcdef',
      'abc',
      '',
    ]) {
      expect(Buffer.from(idKey(id))).toEqual(hexKey(id));
    }
  });
});
