// Pulls metric names out of a PromQL expression, well enough for our
// dashboards and rules: strings, label matchers, ranges, grouping clauses,
// numbers, durations and function names are removed; what is left are names.

const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan"]);

/** Every metric name referred to in `expr`. */
export function promqlMetricNames(expr: string): Set<string> {
  let s = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, " ");
  s = s.replace(/\{[^}]*\}/g, " ");
  s = s.replace(/\[[^\]]*\]/g, " ");
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, " ");
  s = s.replace(/\$\{?\w+\}?/g, " ");
  s = s.replace(/(?<![A-Za-z0-9_:])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:ms|s|m|h|d|w|y)?/g, " ");
  const names = new Set<string>();
  for (const m of s.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = m[0];
    const after = s.slice(m.index! + name.length).trimStart();
    if (after.startsWith("(")) continue; // a function or aggregation
    if (KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return names;
}
