import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'nest-commander';
import { buildChart, CHART_KINDS, type ChartKind, renderSvg } from '../charts/charts';
import { oneOf } from '../shared/base-command';
import { UsageError } from '../shared/cli-errors';
import { logDisclosure } from '../shared/disclosure';
import { minCellOf, smallCellOverride } from '../shared/small-cells';
import { loadRegisterDb } from '../shared/load-db';
import { type StatsOptions, StatsRangeCommand } from '../stats/stats-options';

interface ChartOptions extends StatsOptions {
  out?: string;
}

@Command({
  name: 'chart',
  arguments: '<kind>',
  description:
    'draw an SVG chart: list-lengths (distribution on --to), without-gp (residents without a GP per year), ' +
    'waiting (waiting-list size per month), changes (voluntary changes per year), or all',
  argsDescription: { kind: [...CHART_KINDS, 'all'].join(' | ') },
})
export class ChartCommand extends StatsRangeCommand<ChartOptions> {
  async execute([kindArg]: string[], options: ChartOptions): Promise<void> {
    const kind = oneOf('<kind>', kindArg ?? '', [...CHART_KINDS, 'all'] as const);
    if (!options.out) throw new UsageError('chart needs --out (an .svg file, or a folder for "all")');
    // Each chart has its own step; a --every it would not follow is refused rather than ignored.
    if (options.every !== undefined)
      throw new UsageError(
        'chart draws each kind at its own step (list-lengths on --to, without-gp yearly, waiting monthly, ' +
          'changes per year): --every is for stats and report',
      );
    const range = this.range(options);
    const minCell = minCellOf(options);
    const location = this.location(options);
    const kinds: ChartKind[] = kind === 'all' ? [...CHART_KINDS] : [kind];
    const db = await loadRegisterDb(location);
    try {
      if (kind === 'all') mkdirSync(options.out, { recursive: true });
      for (const k of kinds) {
        const chart = await buildChart(db, k, range, minCell);
        const file = kind === 'all' ? join(options.out, `${k}.svg`) : options.out;
        writeFileSync(file, await renderSvg(chart.spec));
        process.stdout.write(`${k}: ${file}\n`);
      }
      logDisclosure(location.dataDir, {
        kind: `chart ${kind}`,
        purpose: options.purpose ?? '(none given)',
        role: 'analyst',
        rows: kinds.length,
        secretFingerprint: null,
        output: options.out,
        detail: JSON.stringify(range),
        smallCells: smallCellOverride(options),
      });
    } finally {
      db.close();
    }
  }

  @Option({ flags: '-o, --out <path>', description: 'the .svg file (a folder for "all")' })
  parseOut(value: string): string {
    return value;
  }
}
