import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** One scrape target of the Prometheus file_sd format. */
export interface ScrapeTarget {
  port: number;
  kind: "api" | "worker";
  name: string;
}

/** The file_sd JSON: one group per process, labelled with its kind and name. */
export function targetsJson(targets: ScrapeTarget[], host = "127.0.0.1"): string {
  return (
    JSON.stringify(
      targets.map((t) => ({ targets: [`${host}:${t.port}`], labels: { kind: t.kind, instance_name: t.name } })),
      null,
      2,
    ) + "\n"
  );
}

/** Write the file atomically (Prometheus re-reads it on change and must never see half a file). */
export async function writeTargetsFile(path: string, targets: ScrapeTarget[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, targetsJson(targets));
  await rename(tmp, path);
}
