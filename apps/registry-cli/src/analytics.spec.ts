import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openEmbeddedEventStore } from '@flr/event-store';
import { buildChart, CHART_KINDS, renderSvg } from './charts/charts';
import { importLegacy } from './legacy/import-legacy';
import { RegisterDb } from './register/register-db';
import { minCellOf } from './shared/small-cells';
import { reportHtml } from './report/report-html';
import { DisclosureSession } from './sql/disclosure-session';
import { exportViews } from './sql/export-views';
import { registerStats } from './stats/register-stats';
import { nin, smallExtract, writeExtract } from './testing/legacy-fixture';

let dir: string;
let db: RegisterDb;
const extract = smallExtract();
/** The exact figures of a 13-person extract: small cells shown, as `--allow-small-cells` allows (R48). */
const SHOW_SMALL_CELLS = minCellOf({ minCell: 1, allowSmallCells: 'spec: exact figures of a small extract' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-analytics-'));
  const data = join(dir, 'data');
  const openStore = () => openEmbeddedEventStore({ path: join(data, 'events') });
  const outcome = await importLegacy(writeExtract(join(dir, 'extract'), extract), openStore, {
    ninPolicy: { allowSynthetic: false, rule2032: false },
    skipRejected: false,
    reportPath: join(dir, 'rejected.csv'),
  });
  expect(outcome.rejected).toBe(0);
  const store = await openStore();
  try {
    db = await RegisterDb.load(store);
  } finally {
    await store.close();
  }
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('stats', () => {
  it("recomputes DOMAIN §6's figures at each date (small cells shown by override)", async () => {
    const stats = await registerStats(
      db,
      { from: '2010-01-01', to: '2017-06-01', every: 'year' },
      SHOW_SMALL_CELLS,
    );
    const y2010 = stats.figures.find((r) => r.date === '2010-01-01')!;
    expect(y2010).toMatchObject({
      lists: 2,
      lists_without_gp: 1, // B has a vikar only
      residents: 13,
      listed_residents: 12,
      residents_on_lists_without_gp: 4,
      residents_without_gp: 5, // B's four and the one on no list
      unassigned: 1,
      avg_list_length: 8,
      avg_list_length_all: 6,
      median_list_length: 8,
      lists_up_to_500: 1,
      waiting: 0,
    });
    const y2013 = stats.figures.find((r) => r.date === '2013-01-01')!;
    expect(y2013).toMatchObject({ residents: 12, listed_residents: 11, avg_list_length: 7 }); // one died in 2012
    const y2017 = stats.figures.find((r) => r.date === '2017-01-01')!;
    expect(y2017.waiting).toBe(0);
    const march = await registerStats(
      db,
      { from: '2017-03-01', to: '2017-03-01', every: 'month' },
      SHOW_SMALL_CELLS,
    );
    expect(march.figures[0].waiting).toBe(2); // joined 10 Jan and 10 Feb 2017
  });

  it('suppresses counts under 5 (R48)', async () => {
    const stats = await registerStats(db, { from: '2010-01-01', to: '2010-01-01', every: 'year' }, 5);
    expect(stats.figures[0]).toMatchObject({
      lists: '<5',
      residents: 13,
      residents_on_lists_without_gp: '<5',
      avg_list_length: '<5',
    });
  });
});

describe('disclosures', () => {
  it('an analyst export holds pseudonyms and months, no NIN; another secret gives other pseudonyms', async () => {
    const out = join(dir, 'analyst');
    const one = await DisclosureSession.open(db, { role: 'analyst', secret: 'first-secret-0123456789' });
    const written = await exportViews(db, one, ['persons', 'links'], out, 'parquet');
    expect(written.map((w) => w.rows)).toEqual([13, 12]);
    const persons = await readParquet(join(out, 'persons.parquet'));
    expect(Object.keys(persons[0])).not.toContain('nin');
    const text = JSON.stringify(persons);
    for (const person of extract.persons) expect(text).not.toContain(String(person.nin));
    for (const p of persons) expect(String(p.birth_date)).toMatch(/-01$/);
    const links = await readParquet(join(out, 'links.parquet'));
    expect(new Set(links.map((l) => l.person)).size).toBe(12);

    const two = await DisclosureSession.open(db, { role: 'analyst', secret: 'second-secret-0123456789' });
    expect(two.secretFingerprint).not.toBe(one.secretFingerprint);
    await exportViews(db, two, ['links'], join(dir, 'second.parquet'), 'parquet');
    const again = new Set((await readParquet(join(dir, 'second.parquet'))).map((l) => l.person));
    expect(again.size).toBe(12);
    for (const link of links) expect(again.has(link.person)).toBe(false);
  });

  it("the admin role's own export keeps NINs and exact dates", async () => {
    const admin = await DisclosureSession.open(db, { role: 'admin' });
    const [written] = await exportViews(db, admin, ['persons'], join(dir, 'admin.csv'), 'csv');
    const csv = readFileSync(written.file, 'utf8');
    expect(csv).toContain(String(extract.persons[0].nin));
    expect(csv).toContain(String(extract.persons[0].birth_date));
  });
});

describe('charts and report', () => {
  it('renders every chart to SVG without a browser', async () => {
    for (const kind of CHART_KINDS) {
      const chart = await buildChart(
        db,
        kind,
        { from: '2002-01-01', to: '2018-01-01', every: 'year' },
        SHOW_SMALL_CELLS,
      );
      const svg = await renderSvg(chart.spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(chart.title);
      if (chart.points > 0) expect(svg).toMatch(/class="mark-(rect|line|symbol) role-mark/);
    }
  });

  it('titles the dated series with the day they are counted on (the range start, not a fixed 1 January)', async () => {
    const yearly = await buildChart(
      db,
      'without-gp',
      { from: '2005-07-01', to: '2008-07-01', every: 'year' },
      SHOW_SMALL_CELLS,
    );
    expect(yearly.title).toBe('Residents without a GP, 1 July each year');
    const monthly = await buildChart(
      db,
      'waiting',
      { from: '2017-01-22', to: '2017-06-22', every: 'month' },
      SHOW_SMALL_CELLS,
    );
    expect(monthly.title).toBe('Persons on a waiting list, the 22nd of each month');
  });

  it('writes one self-contained HTML file with the figures and every chart', async () => {
    const range = { from: '2016-01-01', to: '2018-01-01', every: 'month' } as const;
    const stats = await registerStats(db, range, SHOW_SMALL_CELLS);
    const charts = [];
    for (const kind of CHART_KINDS) {
      const chart = await buildChart(db, kind, range, SHOW_SMALL_CELLS);
      charts.push({ kind, title: chart.title, svg: await renderSvg(chart.spec), points: chart.points });
    }
    const html = reportHtml(stats, charts, '2026-12-04T00:00:00Z');
    expect(html.match(/<figure class="chart"/g)).toHaveLength(CHART_KINDS.length);
    expect(html.match(/<svg/g)!.length).toBe(CHART_KINDS.length);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).toContain('<td>2017-03-01</td>');
    expect(html).not.toContain(nin('1950-01-10', 1));
  });
});
