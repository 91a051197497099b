// Reads the provisioned Grafana dashboard's PromQL expressions.
import { readFileSync } from "node:fs";
import { repoPath } from "./test-tools.js";

/** One query of one panel. */
export interface DashboardQuery {
  panel: string;
  expr: string;
  datasourceUid: string | undefined;
}

interface Panel {
  title?: string;
  type?: string;
  datasource?: { uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}

/** Path of the dashboard JSON in the repo. */
export const DASHBOARD_PATH = "deploy/grafana/dashboards/digits.json";

/** Every query of every panel, rows included. */
export function dashboardQueries(path = DASHBOARD_PATH): DashboardQuery[] {
  const dash = JSON.parse(readFileSync(repoPath(path), "utf8")) as { panels: Panel[] };
  const out: DashboardQuery[] = [];
  const visit = (panels: Panel[]): void => {
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        if (t.expr) out.push({ panel: p.title ?? "?", expr: t.expr, datasourceUid: t.datasource?.uid ?? p.datasource?.uid });
      }
      visit(p.panels ?? []);
    }
  };
  visit(dash.panels);
  return out;
}

/** Grafana's interval variables replaced by a concrete range, so Prometheus can run the query. */
export function concreteExpr(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval|\$__range/g, "1m");
}
