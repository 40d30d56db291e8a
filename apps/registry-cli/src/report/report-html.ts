import { FIGURES, type RegisterStats, type StatsRow } from '../stats/register-stats';

export interface ReportChart {
  readonly kind: string;
  readonly title: string;
  readonly svg: string;
  /** Data points drawn; a chart with none says so instead of drawing marks. */
  readonly points: number;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function table(columns: readonly (readonly [string, string])[], rows: readonly StatsRow[]): string {
  const head = columns.map(([, label]) => `<th>${escapeHtml(label)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns.map(([key]) => `<td>${escapeHtml(String(row[key] ?? ''))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * One self-contained HTML file: the figures, the changes per year and the SVG charts inline (no
 * script or style from elsewhere). A small inline script marks each chart that the browser laid
 * out with a non-empty box (`data-rendered`), which `npm run report:check` reads.
 */
export function reportHtml(
  stats: RegisterStats,
  charts: readonly ReportChart[],
  generatedAt: string,
): string {
  const figures = charts
    .map(
      (c) =>
        `<figure class="chart" data-chart="${escapeHtml(c.kind)}" data-points="${c.points}"><figcaption>${escapeHtml(c.title)}${c.points === 0 ? ' (no data in this range)' : ''}</figcaption>\n${c.svg}\n</figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>GP register statistics ${escapeHtml(stats.range.from)} to ${escapeHtml(stats.range.to)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: right; }
th { background: #f0f0f0; font-weight: 600; }
figure { margin: 1.5rem 0; }
figcaption { font-weight: 600; margin-bottom: .5rem; }
</style></head>
<body data-charts="${charts.length}">
<h1>GP register statistics</h1>
<p>Figures from the register at each date from ${escapeHtml(stats.range.from)} to ${escapeHtml(stats.range.to)}
(every ${escapeHtml(stats.range.every)}). Counts under 5 are shown as &lt;5 (R48). Generated ${escapeHtml(generatedAt)}.</p>
<h2>Figures</h2>
${table(FIGURES, stats.figures)}
<h2>Voluntary changes per year</h2>
${table(
  [
    ['year', 'year'],
    ['voluntary_changes', 'voluntary changes'],
    ['counted_toward_limit', 'counted toward the yearly limit'],
  ],
  stats.changes,
)}
<h2>Charts</h2>
${figures}
<script>
window.addEventListener('load', function () {
  var ok = 0;
  document.querySelectorAll('figure.chart').forEach(function (figure) {
    var svg = figure.querySelector('svg');
    var box = svg ? svg.getBoundingClientRect() : null;
    // Data marks are the children of Vega's role-mark groups (axes and titles are other roles).
    var marks = svg ? svg.querySelectorAll('.role-mark > *').length : 0;
    var points = Number(figure.getAttribute('data-points'));
    var rendered = !!box && box.width > 0 && box.height > 0 && (points === 0 || marks > 0);
    figure.setAttribute('data-rendered', rendered ? 'true' : 'false');
    if (rendered) ok++;
  });
  document.body.setAttribute('data-rendered-charts', String(ok));
});
</script>
</body></html>
`;
}
