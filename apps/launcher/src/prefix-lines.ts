import type { Readable, Writable } from "node:stream";

/**
 * Copy `input` to `output` line by line with `prefix` in front of each line.
 * A partial last line is flushed (with a newline) when the input ends.
 */
export function prefixLines(input: Readable, output: Writable, prefix: string): void {
  let pending = "";
  input.setEncoding("utf8");
  input.on("data", (chunk: string) => {
    const text = pending + chunk;
    const lines = text.split("\n");
    pending = lines.pop() ?? "";
    if (lines.length > 0) output.write(lines.map((l) => prefix + l + "\n").join(""));
  });
  input.on("end", () => {
    if (pending) output.write(prefix + pending + "\n");
    pending = "";
  });
}
