import { BERGEN, died, emigrated, listed, moved, OSLO, on, P, personSpec, recordMove } from '../../testing';
import { recordMove as decide } from './record-move.decide';

const { given } = personSpec(decide);

describe('RecordMove (R40, §1.8)', () => {
  it('a move never changes the GP (S43, R40); the letter offers the new municipality’s lists with a place', () => {
    given(listed(P, 'L-A'))
      .when(
        on('2024-04-10', recordMove(BERGEN, '2024-04-10', { listsWithPlaces: ['L-BERGEN-1', 'L-BERGEN-2'] })),
      )
      .then([
        {
          type: 'PersonMoved',
          data: { fromMunicipality: OSLO, municipality: BERGEN, movedOn: '2024-04-10' },
        },
        {
          type: 'LetterSent',
          data: {
            kind: 'MOVE_OFFER',
            contractIds: ['L-BERGEN-1', 'L-BERGEN-2'],
            effectiveFrom: '2024-05-01',
          },
        },
      ]);
  });

  it('a move inside the municipality sends no letter', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-04-10', recordMove(OSLO, '2024-04-10')))
      .then([{ type: 'PersonMoved', data: { fromMunicipality: OSLO, municipality: OSLO } }]);
  });

  it('a move inside a renumbered municipality (to its old number) is no move between municipalities (§1.8)', () => {
    given(listed(P, 'L-A'))
      .when(on('2024-04-10', recordMove('1201', '2024-04-10', { from: BERGEN, to: BERGEN })))
      .then([{ type: 'PersonMoved', data: { fromMunicipality: BERGEN, municipality: BERGEN } }]);
  });

  it('records the move back of an emigrant; refuses a dead person (R38)', () => {
    given(listed(P, 'L-A'), emigrated(P, '2024-01-10'))
      .when(on('2024-04-10', recordMove(OSLO, '2024-04-10')))
      .then([{ type: 'PersonMoved' }]);
    given(listed(P, 'L-A'), died(P, '2024-01-10'))
      .when(on('2024-04-10', recordMove(OSLO, '2024-04-10')))
      .thenRefuses('PERSON_NOT_RESIDENT', 'R38');
  });

  it('refuses a move dated before the last recorded move', () => {
    given(listed(P, 'L-A'), moved(P, BERGEN, '2024-06-01'))
      .when(on('2024-06-03', recordMove('1103', '2024-03-01')))
      .thenRefuses('INVALID_INPUT');
    // A late notice of a move before the registration is still recorded.
    given(listed(P, 'L-A'))
      .when(on('2024-06-03', recordMove(BERGEN, '2019-12-31')))
      .then([{ type: 'PersonMoved' }, { type: 'LetterSent' }]);
    // The same day as the last move is still in order.
    given(listed(P, 'L-A'), moved(P, BERGEN, '2024-06-01'))
      .when(on('2024-06-03', recordMove('1103', '2024-06-01', { from: BERGEN })))
      .then([
        { type: 'PersonMoved', data: { fromMunicipality: BERGEN, municipality: '1103' } },
        { type: 'LetterSent' },
      ]);
  });
});
