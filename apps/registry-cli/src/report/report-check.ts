/**
 * `npm run report:check [-- report.html [screenshot.png]]`: opens the report in headless Chromium
 * (Debian's `chromium` package) and checks that every chart rendered (the report's own script marks
 * each laid-out chart). Without a report it generates a small register and its report first.
 * Writes a screenshot PNG. Exit 0 when every chart rendered, 1 otherwise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../run-cli';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--hide-scrollbars',
  '--virtual-time-budget=5000',
];

function findChromium(): string {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  throw new Error("No chromium found: install Debian's package with `apt-get install -y chromium`");
}

export interface ReportCheck {
  readonly charts: number;
  readonly rendered: number;
  readonly failed: string[];
}

export function checkReport(report: string, screenshot: string): ReportCheck {
  const chromium = findChromium();
  const url = pathToFileURL(resolve(report)).href;
  const profile = mkdtempSync(join(tmpdir(), 'flr-chromium-'));
  try {
    const common = [...FLAGS, `--user-data-dir=${profile}`];
    const dom = execFileSync(chromium, [...common, '--dump-dom', url], {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 120_000,
    });
    execFileSync(
      chromium,
      [...common, `--screenshot=${resolve(screenshot)}`, '--window-size=1400,4400', url],
      {
        stdio: 'ignore',
        timeout: 120_000,
      },
    );
    const charts = Number(/<body[^>]*data-charts="(\d+)"/.exec(dom)?.[1] ?? 0);
    const rendered = Number(/data-rendered-charts="(\d+)"/.exec(dom)?.[1] ?? 0);
    const failed = [
      ...dom.matchAll(/<figure class="chart" data-chart="([^"]+)"(?![^>]*data-rendered="true")/g),
    ].map((m) => m[1]);
    return { charts, rendered, failed };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main(args: string[]): Promise<number> {
  let report = args[0];
  const screenshot = args[1] ?? 'report-screenshot.png';
  let work: string | null = null;
  if (!report) {
    work = mkdtempSync(join(tmpdir(), 'flr-report-check-'));
    report = join(work, 'report.html');
    const data = join(work, 'data');
    for (const argv of [
      ['generate', '--persons', '20000', '--seed', 'report-check', '-d', data],
      ['report', '--out', report, '-d', data],
    ]) {
      const code = await runCli(['node', 'flr', ...argv]);
      if (code !== 0) return code;
    }
  }
  try {
    if (!existsSync(report)) throw new Error(`no report at ${report}`);
    const result = checkReport(report, screenshot);
    process.stdout.write(`report_charts=${result.charts}\nreport_charts_rendered=${result.rendered}\n`);
    process.stdout.write(`screenshot=${resolve(screenshot)}\n`);
    if (result.charts === 0 || result.rendered !== result.charts || result.failed.length > 0) {
      process.stderr.write(`charts not rendered: ${result.failed.join(', ') || '(no charts found)'}\n`);
      return 1;
    }
    return 0;
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
