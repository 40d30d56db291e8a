/**
 * The register's pictures as Vega-Lite specifications, rendered to SVG by Vega in this process (no
 * browser). Data come from the same suppressed figures as `stats` (R48): a suppressed value is left
 * out of a chart and the chart says so.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RegisterDb } from '../register/register-db';
import {
  changesPerYearSql,
  type StatsRange,
  type StatsRow,
  statsSql,
  suppress,
  waitingSql,
} from '../stats/register-stats';

export const CHART_KINDS = ['list-lengths', 'without-gp', 'waiting', 'changes'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export interface Chart {
  readonly kind: ChartKind;
  readonly title: string;
  readonly spec: TopLevelSpec;
  /** Data points drawn. */
  readonly points: number;
  /** Points left out because they were under the smallest cell (R48). */
  readonly suppressed: number;
}

const WIDTH = 640;
const HEIGHT = 280;

function numeric(rows: Record<string, string | number | null>[], key: string) {
  const kept = rows.filter((r) => typeof r[key] === 'number');
  return { kept, suppressed: rows.length - kept.length };
}

function note(suppressed: number, minCell: number, points: number): string[] {
  if (points === 0) return ['no data in this range'];
  return suppressed > 0 ? [`${suppressed} value(s) under ${minCell} not shown (R48)`] : [];
}

/** What every chart shares: size, title with the suppression note, the data that survived it. */
function chart(
  kind: ChartKind,
  title: string,
  kept: Record<string, unknown>[],
  suppressed: number,
  minCell: number,
  body: Pick<TopLevelSpec & { mark: unknown }, 'mark'> & Record<string, unknown>,
): Chart {
  return {
    kind,
    title,
    points: kept.length,
    suppressed,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: title, subtitle: note(suppressed, minCell, kept.length) },
      width: WIDTH,
      height: HEIGHT,
      data: { values: kept },
      ...body,
    } as TopLevelSpec,
  };
}

/** List lengths of lists with a GP on `at`, in bands of 100 patients. */
async function listLengths(db: RegisterDb, at: string, minCell: number): Promise<Chart> {
  const rows = await db.rows(`WITH sizes AS (
      SELECT c.contract_id, count(l.person_id) AS n FROM x_contracts c
      LEFT JOIN x_links l ON l.contract_id = c.contract_id AND l.from_date <= DATE '${at}' AND (l.to_date IS NULL OR l.to_date > DATE '${at}')
      WHERE c.valid_from <= DATE '${at}' AND (c.canceled_from IS NULL OR c.canceled_from > DATE '${at}')
        AND EXISTS (SELECT 1 FROM x_doctor_periods p WHERE p.contract_id = c.contract_id AND p.relationship = 'LPFL'
          AND p.from_date <= DATE '${at}' AND (p.to_date IS NULL OR p.to_date > DATE '${at}'))
      GROUP BY c.contract_id)
    SELECT CAST(floor(n / 100) * 100 AS INTEGER) AS band, count(*) AS lists FROM sizes GROUP BY ALL ORDER BY band`);
  const { kept, suppressed } = numeric(suppress(rows, minCell), 'lists');
  return chart('list-lengths', `List lengths on ${at} (lists with a GP)`, kept, suppressed, minCell, {
    mark: { type: 'bar', color: '#2f6f8f' },
    encoding: {
      x: {
        field: 'band',
        type: 'quantitative',
        bin: { binned: true, step: 100 },
        title: 'patients on the list',
      },
      x2: { field: 'band_end' },
      y: { field: 'lists', type: 'quantitative', title: 'lists' },
    },
    transform: [{ calculate: 'datum.band + 100', as: 'band_end' }],
  });
}

function line(
  kind: ChartKind,
  title: string,
  rows: Record<string, string | number | null>[],
  x: string,
  y: string,
  yTitle: string,
  minCell: number,
  mark: 'line' | 'bar',
): Chart {
  const { kept, suppressed } = numeric(rows, y);
  return chart(kind, title, kept, suppressed, minCell, {
    mark:
      mark === 'line' ? { type: 'line', point: true, color: '#8f2f4f' } : { type: 'bar', color: '#4f8f2f' },
    encoding: {
      x: { field: x, type: x === 'year' ? 'ordinal' : 'temporal', title: x },
      y: { field: y, type: 'quantitative', title: yTitle },
    },
  });
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "1 January" for 2002-01-01: the day of the year a yearly series from `from` is counted on. */
function dayAndMonth(from: string): string {
  return `${Number(from.slice(8, 10))} ${MONTHS[Number(from.slice(5, 7)) - 1]}`;
}

/** "1st", "15th" for the day of the month a monthly series from `from` is counted on. */
function ordinalDay(from: string): string {
  const day = Number(from.slice(8, 10));
  const suffix =
    day % 10 === 1 && day !== 11
      ? 'st'
      : day % 10 === 2 && day !== 12
        ? 'nd'
        : day % 10 === 3 && day !== 13
          ? 'rd'
          : 'th';
  return `${day}${suffix}`;
}

/** `yearly`: the range's yearly figures when the caller has them already (the report). */
export async function buildChart(
  db: RegisterDb,
  kind: ChartKind,
  range: StatsRange,
  minCell: number,
  yearly?: StatsRow[],
): Promise<Chart> {
  switch (kind) {
    case 'list-lengths':
      return listLengths(db, range.to, minCell);
    case 'without-gp': {
      const rows = yearly ?? suppress(await db.rows(statsSql({ ...range, every: 'year' })), minCell);
      return line(
        kind,
        `Residents without a GP, ${dayAndMonth(range.from)} each year`,
        rows,
        'date',
        'residents_without_gp',
        'residents',
        minCell,
        'line',
      );
    }
    case 'waiting': {
      const rows = suppress(await db.rows(waitingSql({ ...range, every: 'month' })), minCell);
      return line(
        kind,
        `Persons on a waiting list, the ${ordinalDay(range.from)} of each month`,
        rows,
        'date',
        'waiting',
        'persons',
        minCell,
        'line',
      );
    }
    case 'changes': {
      const rows = suppress(await db.rows(changesPerYearSql(range)), minCell);
      return line(
        kind,
        'Voluntary GP changes per year',
        rows,
        'year',
        'voluntary_changes',
        'changes',
        minCell,
        'bar',
      );
    }
  }
}

/** Vega-Lite -> Vega -> SVG text, headless (renderer 'none': no canvas, no DOM). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
