// Growth of soak samples after warm-up: what the soak reports and judges.

/** One column's behaviour after warm-up. */
export interface SeriesGrowth {
  column: string;
  first: number;
  last: number;
  min: number;
  max: number;
  /** (mean of the last k samples − mean of the first k) / mean of the first k, in %. */
  growthPct: number | null;
  /** The same between the middle and the end: ~0 once a TTL-bounded quantity has plateaued. */
  secondHalfGrowthPct: number | null;
  distinct: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function pct(from: number[], to: number[]): number | null {
  if (from.length === 0 || to.length === 0) return null;
  const a = mean(from);
  return a === 0 ? null : Math.round(((mean(to) - a) / a) * 10000) / 100;
}

/** Growth of `values` (already without warm-up samples), comparing windows of `k` samples. */
export function growth(column: string, values: number[], k = 3): SeriesGrowth | null {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return null;
  const w = Math.max(1, Math.min(k, Math.floor(v.length / 3)));
  const mid = Math.floor(v.length / 2);
  return {
    column,
    first: v[0]!,
    last: v[v.length - 1]!,
    min: Math.min(...v),
    max: Math.max(...v),
    growthPct: pct(v.slice(0, w), v.slice(-w)),
    secondHalfGrowthPct: pct(v.slice(mid, mid + w), v.slice(-w)),
    distinct: new Set(v).size,
  };
}

/** Rows → CSV text (header from the first row's keys; empty cells for missing values). */
export function toCsv(rows: Record<string, number | string | null>[]): string {
  if (rows.length === 0) return "";
  const cols = Object.keys(rows[0]!);
  const cell = (x: number | string | null | undefined) => (x === null || x === undefined ? "" : String(x));
  return [cols.join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}
