import type { MunicipalityRenumbered } from '../../events';
import { deciderSpec } from '../../testing';
import { evolveMunicipality, initialMunicipalityState } from '../municipality.state';
import type { CorrectRenumbering, CorrectRenumberingFacts } from './correct-renumbering.command';
import { correctRenumbering } from './correct-renumbering.decide';

const { given } = deciderSpec({
  initialState: initialMunicipalityState,
  evolve: evolveMunicipality,
  decide: (command: CorrectRenumbering, state, facts: CorrectRenumberingFacts) =>
    correctRenumbering(command, state, facts),
});
const wrongRenumbering: MunicipalityRenumbered = {
  type: 'MunicipalityRenumbered',
  data: { oldNumber: '1106', newNumber: '1199', effectiveFrom: '2027-01-01', overrideReason: 'typo' },
};
const correct: CorrectRenumbering = {
  type: 'CorrectRenumbering',
  number: '1106',
  reason: 'Recorded for Haugesund by mistake; the decision was for another municipality',
  correctionId: 'c-1',
};
const noChain = { newNumberRenumberedSince: false };

describe('CorrectRenumbering (§1.8, issue 11): a wrong renumbering is annulled with its reason', () => {
  it('annuls the recorded renumbering, naming the number it gave and from when', () => {
    given(wrongRenumbering)
      .when(correct, noChain)
      .then([
        {
          type: 'MunicipalityRenumberingAnnulled',
          data: {
            oldNumber: '1106',
            newNumber: '1199',
            effectiveFrom: '2027-01-01',
            correctionId: 'c-1',
            reason: correct.reason,
          },
        },
      ]);
  });

  it('leaves the municipality unrenumbered, so the right renumbering can be recorded after it', () => {
    const state = given(wrongRenumbering).when(correct, noChain).thenState();
    expect(state.renumbered).toBeNull();
  });

  it('refuses when no renumbering is recorded, or it was corrected already', () => {
    given().when(correct, noChain).thenRefuses('NOTHING_TO_CORRECT', '§1.8');
    given(wrongRenumbering, (s) => correctRenumbering(correct, s, noChain))
      .when(correct, noChain)
      .thenRefuses('NOTHING_TO_CORRECT', '§1.8');
  });

  it('refuses while the number it gave has been renumbered again (correct the later one first)', () => {
    given(wrongRenumbering)
      .when(correct, { newNumberRenumberedSince: true })
      .thenRefuses('RENUMBERING_HAS_SUCCESSOR', '§1.8');
  });
});
