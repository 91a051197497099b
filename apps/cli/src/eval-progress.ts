// Progress for `npm run eval` on stderr: a bar on a terminal, a line every
// 10 % otherwise (CI logs, pipes).
import cliProgress from "cli-progress";

/** A progress sink for evaluateOnMnist's onProgress. */
export interface ProgressReporter {
  update(phase: "raw" | "images", done: number, total: number): void;
  stop(): void;
}

/** Report progress on `stream`. */
export function progressReporter(stream: NodeJS.WriteStream): ProgressReporter {
  if (stream.isTTY) {
    let phase = "";
    const bar = new cliProgress.SingleBar(
      { stream, format: "{phase} [{bar}] {value}/{total} {percentage}% | ETA {eta}s", hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    return {
      update(p, done, total) {
        if (p !== phase) {
          if (phase) bar.stop();
          phase = p;
          bar.start(total, 0, { phase: p.padEnd(6) });
        }
        bar.update(done, { phase: p.padEnd(6) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  let lastPhase = "";
  return {
    update(p, done, total) {
      if (p !== lastPhase) {
        lastPhase = p;
        lastTenth = -1;
      }
      const tenth = Math.floor((done * 10) / total);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`eval: ${p} ${done}/${total}\n`);
      }
    },
    stop() {},
  };
}
