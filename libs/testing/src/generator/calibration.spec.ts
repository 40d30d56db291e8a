import {
  type CalibrationFigures,
  calibrationReport,
  calibrationRows,
  NATIONAL_RESIDENTS_2001,
} from './calibration';
import { generateHistory } from './generate-history';

const figures2019: CalibrationFigures = {
  date: '2019-10-01',
  residents: 53_000,
  lists: 501,
  listsWithoutGp: 20,
  listedResidents: 52_000,
  averageListLength: 1084,
  waiting: 0,
  voluntaryChanges: 3_000,
  residentsOnListsWithoutGp: 7_553.7,
};

describe('calibration report', () => {
  it('compares a scaled run per capita: counts times national residents over persons, lengths as they are', () => {
    const rows = calibrationRows([figures2019], NATIONAL_RESIDENTS_2001 / 10);
    const row = (metric: string) => rows.find((r) => r.metric === metric)!;
    expect(row('lists').generated).toBeCloseTo(5010);
    expect(row('lists').deviation).toBeCloseTo(0);
    expect(row('averageListLength').generated).toBe(1084);
    expect(row('residentsOnListsWithoutGp').deviation).toBeCloseTo(0, 3);
    // 200 scaled against §6's 126: +58.7 %.
    expect(row('listsWithoutGp').deviation).toBeCloseTo(200 / 126 - 1);
    // No §6 figure for listed residents in 2019: shown without a deviation.
    expect(row('listedResidents').reference).toBeNull();
    // Voluntary changes against 5–6 % of listed: 30,000 of 520,000 listed is inside the band.
    expect(row('voluntaryChanges').deviation).toBe(0);
  });

  it('names every figure outside ±15 % in the report', () => {
    const report = calibrationReport([figures2019], NATIONAL_RESIDENTS_2001 / 10);
    expect(report).toMatch(/\| 2019 \| lists \| 5,010 \| 5,010 .* \| \+0\.0 % \|/);
    expect(report).toMatch(/Outside ±15 %: 2019 lists without a GP\.$/);
  });

  it('is counted by the generator on each calibration date inside the history, with the year’s changes once the year is over', () => {
    const history = generateHistory({ persons: 2000, seed: 'calibration', to: '2020-01-01' });
    for (const _ of history);
    const dates = history.summary.calibration.map((f) => f.date);
    expect(dates).toEqual(['2005-10-01', '2016-10-01', '2019-10-01']);
    for (const f of history.summary.calibration) {
      expect(f.lists).toBeGreaterThan(0);
      expect(f.listedResidents).toBeLessThanOrEqual(f.residents);
      expect(f.voluntaryChanges).toBe(history.summary.voluntaryChangesByYear[Number(f.date.slice(0, 4))]);
    }
    const partial = generateHistory({ persons: 500, seed: 'calibration', to: '2019-12-01' });
    for (const _ of partial);
    expect(partial.summary.calibration.at(-1)?.voluntaryChanges).toBeNull();
  });
});
