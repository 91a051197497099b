// Reading a value out of a Prometheus text exposition (what /metrics serves).

/**
 * The sum of every sample of metric `name` (all label sets), or null when the
 * metric is absent. Histogram/summary suffixes must be named explicitly.
 */
export function metricValue(text: string, name: string): number | null {
  let sum: number | null = null;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name) || line.startsWith("#")) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== " " && rest[0] !== "{") continue;
    const afterLabels = rest[0] === "{" ? rest.slice(rest.lastIndexOf("}") + 1) : rest;
    const v = Number(afterLabels.trim().split(/\s+/)[0]);
    if (Number.isFinite(v)) sum = (sum ?? 0) + v;
  }
  return sum;
}

/** The first of `names` present in `text` (for metrics whose final name is not settled yet). */
export function firstMetric(text: string, names: readonly string[]): { name: string; value: number } | null {
  for (const name of names) {
    const value = metricValue(text, name);
    if (value !== null) return { name, value };
  }
  return null;
}
