import type { PersonEvent } from '../../events';
import { sendAge16Letter } from '../../person/send-age-16-letter/send-age-16-letter.decide';
import { child, died, emigrated, listed, MOTHER, optedOut, P, personSpec, registered } from '../../testing';
import {
  awaitsPlacement,
  listLackAfter,
  longestWaitingFirst,
  parentListFor,
  waitingInTurn,
} from './unassigned';

// The person's state is folded from given facts with the decider spec's `given(...).state()`.
const { given } = personSpec(sendAge16Letter);

describe('the daily job: who awaits a placement (R7)', () => {
  it('a resident with no list now nor coming awaits one; listed, coming, dead, emigrated, opted out or D-number do not', () => {
    expect(awaitsPlacement(given(registered()).state(), '2024-04-01')).toBe(true);
    expect(awaitsPlacement(given(listed(P, 'L-A', '2020-02-01')).state(), '2024-04-01')).toBe(false);
    expect(awaitsPlacement(given(listed(P, 'L-A', '2024-05-01')).state(), '2024-04-01')).toBe(false);
    expect(awaitsPlacement(given(died(P, '2024-01-01')).state(), '2024-04-01')).toBe(false);
    expect(awaitsPlacement(given(emigrated(P, '2024-01-01')).state(), '2024-04-01')).toBe(false);
    expect(awaitsPlacement(given(optedOut(P, '2024-01-01')).state(), '2024-04-01')).toBe(false);
    expect(awaitsPlacement(given(registered(P, { ninKind: 'DNR' })).state(), '2024-04-01')).toBe(false);
  });

  it('which events may leave a person without a list', () => {
    const unlisted = (endReason: string): PersonEvent =>
      ({
        type: 'PatientUnlisted',
        data: { personId: P, associationId: 'a', contractId: 'L-A', to: '2024-04-01', endReason },
      }) as PersonEvent;
    expect(listLackAfter(registered(), false)).toBe('may-lack');
    expect(listLackAfter(unlisted('CONTRACT_ENDED'), false)).toBe('may-lack');
    expect(listLackAfter(unlisted('CHANGED'), false)).toBe('unchanged');
    expect(listLackAfter(unlisted('DEATH'), false)).toBe('unchanged');
    expect(listLackAfter({ type: 'PersonDied', data: { personId: P, diedOn: '2024-01-01' } }, false)).toBe(
      'has-list',
    );
    const move: PersonEvent = {
      type: 'PersonMoved',
      data: {
        personId: P,
        fromMunicipality: '0301',
        municipality: '4601',
        householdId: null,
        movedOn: '2024-01-01',
      },
    };
    // A move matters only for someone who had emigrated: they are back.
    expect(listLackAfter(move, true)).toBe('may-lack');
    expect(listLackAfter(move, false)).toBe('unchanged');
  });
});

describe('the daily job: longest without a list first (R8)', () => {
  it('orders by the time since when the person may lack a list', () => {
    expect(
      longestWaitingFirst([
        ['2024-03-02T10:00:00Z', 'c'],
        ['2023-01-01T10:00:00Z', 'a'],
        ['2024-01-01T10:00:00Z', 'b'],
      ]),
    ).toEqual(['a', 'b', 'c']);
  });

  it('orders by the instant, not the text, when the times carry different UTC offsets (R8)', () => {
    // a: 2024-03-01T23:30Z, b: 23:45Z, c: 2024-03-02T08:00Z; as text b sorts before a, c before b.
    expect(
      longestWaitingFirst([
        ['2024-03-02T09:00:00+01:00', 'c'],
        ['2024-03-01T23:45:00Z', 'b'],
        ['2024-03-02T00:30:00+01:00', 'a'],
      ]),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('the daily job: a child goes with a parent (R10/R11)', () => {
  const kid = given(child('2020-05-05')).state();
  const mother = (householdId: string | null) =>
    given(registered(MOTHER, { sex: 'female', householdId })).state();
  const father = (householdId: string | null) => given(registered('F', { sex: 'male', householdId })).state();

  it('the mother at the same address first, then the father there, then the mother elsewhere', () => {
    const m = { parent: mother('H-1'), contractId: 'L-M', locked: false };
    const f = { parent: father('H-1'), contractId: 'L-F', locked: false };
    expect(parentListFor(kid, '2024-03-05', [f, m])).toBe('L-M');
    const away = { ...m, parent: mother('H-9') };
    expect(parentListFor(kid, '2024-03-05', [away, f])).toBe('L-F');
    expect(parentListFor(kid, '2024-03-05', [away, { ...f, parent: father('H-8') }])).toBe('L-M');
  });

  it('never a locked list, a parent without a list is passed over, and from 16 nobody goes with a parent', () => {
    const m = { parent: mother('H-1'), contractId: 'L-M', locked: true };
    const f = { parent: father('H-1'), contractId: 'L-F', locked: false };
    expect(parentListFor(kid, '2024-03-05', [m, f])).toBe('L-F');
    expect(parentListFor(kid, '2024-03-05', [m, { ...f, contractId: null }])).toBeNull();
    expect(parentListFor(kid, '2036-05-05', [{ ...m, locked: false }])).toBeNull();
  });
});

describe('the daily job: the waiting queue in turn (R22/R23)', () => {
  it('first come first served by the instant of joining, whatever its offset', () => {
    expect(
      waitingInTurn(
        [
          ['late', '2024-02-01T12:00:00Z'],
          ['early', '2024-01-10T12:00:00+01:00'],
          // 10:30 UTC: before 'early' (11:00 UTC) though its text sorts after it.
          ['earlier', '2024-01-10T12:30:00+02:00'],
        ],
        '2024-03-05',
      ),
    ).toEqual(['earlier', 'early', 'late']);
  });

  it('leaves out those who joined after the end of the job’s date (Oslo time)', () => {
    expect(
      waitingInTurn(
        [
          ['in', '2024-03-05T22:30:00Z'], // 23:30 in Oslo on the 5th
          ['out', '2024-03-05T23:30:00Z'], // 00:30 in Oslo on the 6th
        ],
        '2024-03-05',
      ),
    ).toEqual(['in']);
  });
});
