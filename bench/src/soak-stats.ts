// Growth of soak samples after warm-up: what the soak reports and judges.
// Garbage collection makes heap and RSS saw-toothed, so growth compares
// medians of the first and last thirds, and a least-squares trend tells a
// steady climb (a leak) from a plateau.

/** One column's behaviour after warm-up. */
export interface SeriesGrowth {
  column: string;
  first: number;
  last: number;
  min: number;
  max: number;
  /** (median of the last third − median of the first third) / median of the first third, in %. */
  growthPct: number | null;
  /** Least-squares slope × time span, as % of the mean: ~0 for a plateau, large for a steady climb. */
  trendPct: number | null;
  distinct: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Growth of `values` sampled at times `t` (already without warm-up samples). */
export function growth(column: string, t: number[], values: number[]): SeriesGrowth | null {
  const pts = t.map((ti, i) => [ti, values[i]!] as const).filter(([ti, v]) => Number.isFinite(ti) && Number.isFinite(v));
  if (pts.length === 0) return null;
  const v = pts.map((p) => p[1]);
  const third = Math.max(1, Math.floor(v.length / 3));
  const a = median(v.slice(0, third));
  const b = median(v.slice(-third));
  const n = pts.length;
  const mt = pts.reduce((s, p) => s + p[0], 0) / n;
  const mv = v.reduce((s, x) => s + x, 0) / n;
  const sxx = pts.reduce((s, p) => s + (p[0] - mt) ** 2, 0);
  const sxy = pts.reduce((s, p) => s + (p[0] - mt) * (p[1] - mv), 0);
  const span = pts[n - 1]![0] - pts[0]![0];
  return {
    column,
    first: v[0]!,
    last: v[n - 1]!,
    min: Math.min(...v),
    max: Math.max(...v),
    growthPct: a === 0 ? null : round2(((b - a) / a) * 100),
    trendPct: sxx === 0 || mv === 0 ? null : round2(((sxy / sxx) * span * 100) / mv),
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
