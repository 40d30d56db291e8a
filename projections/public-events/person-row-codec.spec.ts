import { BEGIN_REASONS, END_REASONS } from '@flr/domain';
import { pack } from 'msgpackr';
import type { LinkRow, PersonRow } from './model';
import {
  decodePersonRow,
  encodePersonRow,
  findLink,
  personRowNin,
  withLinkAppended,
  withLinkReplaced,
} from './person-row-codec';

const link = (
  id: string,
  contract: string,
  nin: string,
  from: string,
  to: string | null,
  begin: string,
  end: string | null,
): LinkRow => ({
  body: { id, gpContractId: contract, patientNin: nin, period: { from, to }, beginCode: begin, endCode: end },
});

const NIN = '05910700016';
const A1 = 'b1623dcb-0003-4000-8000-000000000000';
const A2 = 'b1623dcb-0003-4000-8000-000000056fd2';
const C1 = 'b1623dcb-0002-4000-8000-000000000002';
const C2 = '0c9a4f1e-77d2-4b6a-9f3e-ffffffffffff';

/** A seeded generator (mulberry32), so a failure names the case it failed on. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded random picks, uuids and identity numbers. */
function randomValues(seed: number) {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => pick('0123456789abcdef'.split(''))).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const nin = () => String(Math.floor(rnd() * 1e11)).padStart(11, '0');
  /** A link with the given ids, the row's own nin mostly, random dates and codes, now and then withdrawn. */
  const randomLink = (
    own: string | null,
    id: string,
    contract: string,
    date: () => string,
    codes: readonly string[],
    open: number,
  ): LinkRow => {
    const l = link(
      id,
      contract,
      rnd() < 0.8 ? (own ?? '') : nin(),
      date(),
      rnd() < open ? null : date(),
      pick(codes),
      rnd() < 0.5 ? null : pick(codes),
    );
    if (rnd() < 0.1) l.withdrawn = true;
    return l;
  };
  return { rnd, pick, uuid, nin, randomLink };
}

describe('the feed person row codec', () => {
  it('reads a typical row back exactly, in about a third of its msgpack size', () => {
    const row: PersonRow = {
      nin: NIN,
      links: [
        link(A1, C1, NIN, '2001-06-01', '2003-04-01', 'INITIAL_2001', null),
        link(A2, C2, NIN, '2003-04-01', '2014-01-29', 'CHOICE', 'DEATH'),
      ],
    };
    const bytes = encodePersonRow(row);
    expect(decodePersonRow(bytes)).toEqual(row);
    // 1 format + 6 nin + 2 count, and per link 1 flags + 17 + 17 ids + 1 same nin + 3 + 3 dates + 2 + 2
    // codes (the open end code null: 1).
    expect(bytes.length).toBe(9 + 46 + 45);
    expect(bytes.length * 3).toBeLessThan(pack(row).length);
  });

  it('keeps every value outside the compact shapes as its text, and a withdrawn link as withdrawn', () => {
    const row: PersonRow = {
      nin: null,
      links: [
        // Ids that are not lowercase uuids, an empty patient nin, a date that is not a real day, a
        // date before 1970, an unknown code.
        { ...link('A-1', C1.toUpperCase(), '', '2009-02-30', null, 'SOMETHING_NEW', 'ÆØÅ'), withdrawn: true },
        link(A1, 'L-A', '0591070001', '1969-12-31', '2180-01-01', 'CHOICE', 'CHANGED'),
        link(A2, C2, '12345678901', '2024-02-29', '2024-02-29', 'NIN_CHANGE', 'REMOVED_VIOLENCE'),
      ],
    };
    expect(decodePersonRow(encodePersonRow(row))).toEqual(row);
    const other = { nin: '29029912345', links: [link(A1, C1, NIN, '2010-01-01', null, 'WAITLIST', null)] };
    const back = decodePersonRow(encodePersonRow(other));
    expect(back).toEqual(other);
    expect(back.links[0]!.body.patientNin).toBe(NIN);
    expect('withdrawn' in back.links[0]!).toBe(false);
  });

  it('reads back random rows exactly', () => {
    const { rnd, uuid, nin, randomLink } = randomValues(26);
    const date = () =>
      new Date(Date.UTC(1995 + Math.floor(rnd() * 40), 0, 1 + Math.floor(rnd() * 365)))
        .toISOString()
        .slice(0, 10);
    const codes = ['CHOICE', 'WAITLIST', 'NEWBORN', 'HELFO_MANUAL', 'CONTRACT_ENDED', 'OPT_OUT', 'X'];
    for (let c = 0; c < 500; c++) {
      const own = rnd() < 0.05 ? null : nin();
      const links: LinkRow[] = [];
      const count = Math.floor(rnd() * 12);
      for (let i = 0; i < count; i++) {
        links.push(
          randomLink(
            own,
            rnd() < 0.1 ? `id-${i}` : uuid(),
            rnd() < 0.1 ? `L-${i}` : uuid(),
            date,
            codes,
            0.4,
          ),
        );
      }
      const row = { nin: own, links };
      expect({ c, row: decodePersonRow(encodePersonRow(row)) }).toEqual({ c, row });
    }
  });

  it('stores every begin and end reason the domain knows in one byte (a new one goes to the end of CODES)', () => {
    for (const reason of [...BEGIN_REASONS, ...END_REASONS]) {
      const row = { nin: NIN, links: [link(A1, C1, NIN, '2001-06-01', null, reason, reason)] };
      // 9 for the row; the link 1 + 17 + 17 + 1 + 3 + 1 (no end) + 2 + 2 (as text a reason takes 5 and its letters).
      expect({ reason, bytes: encodePersonRow(row).length }).toEqual({ reason, bytes: 9 + 44 });
    }
  });

  it('refuses bytes it did not write', () => {
    const bytes = encodePersonRow({
      nin: NIN,
      links: [link(A1, C1, NIN, '2001-06-01', null, 'CHOICE', null)],
    });
    expect(() => decodePersonRow(bytes.subarray(0, 20))).toThrow('truncated');
    const other = Buffer.from(bytes);
    other[0] = 9;
    expect(() => decodePersonRow(other)).toThrow('format 9');
    // A Uint8Array view (what a store may hand back) reads like a Buffer.
    expect(decodePersonRow(new Uint8Array(bytes))).toEqual(decodePersonRow(bytes));
  });

  it('appends and changes one link in the bytes exactly as decoding, changing and encoding the row would', () => {
    const { rnd, pick, uuid, nin, randomLink } = randomValues(33);
    const date = () =>
      `20${String(10 + Math.floor(rnd() * 20))}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 10)}`;
    const codes = ['CHOICE', 'WAITLIST', 'CONTRACT_ENDED', 'DEATH', 'X'];
    // A few ids shared between links, some not uuids (kept as text), one the upper-case form of a uuid.
    const ids = [uuid(), uuid(), 'A-1', uuid().toUpperCase()];
    const newLink = (own: string | null): LinkRow =>
      randomLink(own, rnd() < 0.7 ? pick(ids) : uuid(), rnd() < 0.1 ? 'L-1' : uuid(), date, codes, 0.5);
    for (let c = 0; c < 400; c++) {
      const own = rnd() < 0.1 ? null : nin();
      const row: PersonRow = {
        nin: own,
        links: Array.from({ length: Math.floor(rnd() * 8) }, () => newLink(own)),
      };
      const bytes = encodePersonRow(row);
      expect({ c, nin: personRowNin(bytes) }).toEqual({ c, nin: own });
      // Appended: as if pushed onto the decoded row's links (the row's own nin stays its own).
      const added = newLink(own);
      const appended = decodePersonRow(encodePersonRow(row));
      appended.links.push(added);
      expect({ c, bytes: [...withLinkAppended(bytes, added)] }).toEqual({
        c,
        bytes: [...encodePersonRow(appended)],
      });
      // Found: the last link with the id, as decoded; changed: as if changed in the decoded row.
      const id = rnd() < 0.8 ? pick(ids) : uuid();
      const decoded = decodePersonRow(bytes);
      const expected = decoded.links.filter((l) => l.body.id === id).at(-1);
      const found = findLink(bytes, id);
      expect({ c, link: found?.link }).toEqual({ c, link: expected });
      if (!found || !expected) continue;
      const to = rnd() < 0.3 ? null : date();
      const endCode = rnd() < 0.5 ? null : 'DEATH';
      const withdraw = rnd() < 0.2;
      for (const l of [found.link, expected]) {
        l.body.period = { from: l.body.period.from, to };
        l.body.endCode = endCode;
        if (withdraw) l.withdrawn = true;
      }
      expect({ c, bytes: [...withLinkReplaced(bytes, found, found.link)] }).toEqual({
        c,
        bytes: [...encodePersonRow(decoded)],
      });
    }
  });

  it('appends to no row as to an empty one without a nin, and reads the Uint8Array views a store hands back', () => {
    const added = link(A1, C1, '', '2010-01-01', null, 'CHOICE', null);
    expect(decodePersonRow(withLinkAppended(undefined, added))).toEqual({ nin: null, links: [added] });
    const bytes = new Uint8Array(
      encodePersonRow({ nin: NIN, links: [link(A1, C1, NIN, '2001-06-01', null, 'CHOICE', null)] }),
    );
    expect(personRowNin(bytes)).toBe(NIN);
    expect(findLink(bytes, A1)?.link.body.gpContractId).toBe(C1);
    expect(findLink(bytes, A2)).toBeUndefined();
    expect(() => findLink(bytes.subarray(0, 30), A2)).toThrow('truncated');
  });
});
