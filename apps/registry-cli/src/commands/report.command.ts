import { writeFileSync } from 'node:fs';
import { Command, Option } from 'nest-commander';
import { buildChart, CHART_KINDS, renderSvg } from '../charts/charts';
import { reportHtml } from '../report/report-html';
import { UsageError } from '../shared/cli-errors';
import { logDisclosure } from '../shared/disclosure';
import { minCellOf, smallCellOverride } from '../shared/small-cells';
import { loadRegisterDb } from '../shared/load-db';
import { registerStats } from '../stats/register-stats';
import { type StatsOptions, StatsRangeCommand } from '../stats/stats-options';

interface ReportOptions extends StatsOptions {
  out?: string;
}

@Command({
  name: 'report',
  description: 'write one self-contained HTML file with the statistics and every chart',
})
export class ReportCommand extends StatsRangeCommand<ReportOptions> {
  async execute(_args: string[], options: ReportOptions): Promise<void> {
    if (!options.out) throw new UsageError('report needs --out (an .html file)');
    const range = this.range(options);
    const minCell = minCellOf(options);
    const location = this.location(options);
    const db = await loadRegisterDb(location);
    try {
      const stats = await registerStats(db, range, minCell);
      const charts = [];
      for (const kind of CHART_KINDS) {
        const chart = await buildChart(
          db,
          kind,
          range,
          minCell,
          range.every === 'year' ? stats.figures : undefined,
        );
        charts.push({ kind, title: chart.title, svg: await renderSvg(chart.spec), points: chart.points });
      }
      writeFileSync(options.out, reportHtml(stats, charts, new Date().toISOString()));
      process.stdout.write(`wrote ${options.out} (${stats.figures.length} dates, ${charts.length} charts)\n`);
      logDisclosure(location.dataDir, {
        kind: 'report',
        purpose: options.purpose ?? '(none given)',
        role: 'analyst',
        rows: stats.figures.length + stats.changes.length,
        secretFingerprint: null,
        output: options.out,
        detail: JSON.stringify(range),
        smallCells: smallCellOverride(options),
      });
    } finally {
      db.close();
    }
  }

  @Option({ flags: '-o, --out <file>', description: 'the .html file' })
  parseOut(value: string): string {
    return value;
  }
}
