// `promtool check metrics`, with the notes we accept filtered out.
import { run } from "./test-tools.js";

/** The original service's names: promtool may object to their naming, to nothing else. */
export const INHERITED_NAMES = [
  "api_requests_total", "api_run_time_seconds", "api_tl_time_microseconds", "api_memory_usage",
  "api_cpu_usage_percent", "api_network_bytes_sent", "api_network_bytes_received",
];

/** promtool's complaints about `text`, minus naming notes on inherited names; also its raw output. */
export async function promtoolProblems(promtool: string, text: string): Promise<{ problems: string[]; raw: string }> {
  const { stdout, stderr } = await run(promtool, ["check", "metrics"], { input: text });
  const raw = stdout + stderr;
  const problems = raw
    .split("\n")
    .filter((l) => l.trim() !== "")
    .filter((l) => !INHERITED_NAMES.some((n) => l.startsWith(`${n} `)));
  return { problems, raw };
}
