import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEventStoreForChild } from './build-for-child';
import { killAndResume } from './kill-resume';

const here = fileURLToPath(new URL('.', import.meta.url));
const sourceRoot = resolve(here, '../..');
const projectRoot = resolve(sourceRoot, '../../..');

/** Seeded, so a failing trial can be run again as it was. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('bulk import killed with SIGKILL and run again', () => {
  let buildDir: string;
  let script: string;
  let dataDir: string;

  beforeAll(async () => {
    buildDir = await buildEventStoreForChild(sourceRoot, projectRoot);
    script = join(buildDir, 'embedded', 'crash', 'bulk-import-until-killed.js');
  });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'nat-store-kill-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

  it.each([
    ['ids in increasing order', true, 11],
    ['scattered ids', false, 23],
  ])(
    'resumes after each of 5 kills at random points with no event lost or written twice (%s)',
    async (_, orderedIds, seed) => {
      const report = await killAndResume({
        script,
        dataDir,
        events: 24_000,
        streams: 700,
        batchSize: 1_500,
        // Merged every few batches, so kills land both between merges and right after one.
        indexMergeEvery: 4_000,
        orderedIds,
        kills: 5,
        random: seededRandom(seed),
      });
      expect(report.problems).toEqual([]);
      expect(report.trials).toHaveLength(5);
      // The kills landed inside the import, not all before it started or after it ended.
      expect(report.trials.some((trial) => trial.logged > 0 && !trial.finished)).toBe(true);
      for (const trial of report.trials) expect(trial.logged).toBeGreaterThanOrEqual(trial.acknowledged);
    },
    180_000,
  );
});
