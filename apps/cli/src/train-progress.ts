// Progress for `npm run train` on stderr: a bar per epoch on a terminal
// (epoch, batch, loss, accuracy, ETA), plain lines otherwise (CI logs, pipes).
import cliProgress from "cli-progress";
import type { TrainProgress } from "@repo/training";

/** A sink for trainDigitModel's onProgress. */
export interface TrainReporter {
  update(p: TrainProgress): void;
  stop(): void;
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

function epochLine(p: TrainProgress): string {
  const mean = p.heldOut && p.heldOut.averaged > 1 ? ` (mean of ${p.heldOut.averaged} epochs)` : "";
  const held = p.heldOut ? ` | held-out loss ${p.heldOut.loss.toFixed(4)} acc ${pct(p.heldOut.accuracy)}${mean}` : "";
  return `epoch ${p.epoch}/${p.epochs} | loss ${p.loss.toFixed(4)} acc ${pct(p.accuracy)}${held} | lr ${p.learningRate.toExponential(2)}`;
}

/** Report training progress on `stream`. */
export function trainReporter(stream: NodeJS.WriteStream): TrainReporter {
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | null = null;
    return {
      update(p) {
        if (p.kind === "epoch") {
          bar?.stop();
          bar = null;
          stream.write(`${epochLine(p)}\n`);
          return;
        }
        const payload = { epoch: `${p.epoch}/${p.epochs}`, loss: p.loss.toFixed(4), acc: pct(p.accuracy) };
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream, format: "epoch {epoch} [{bar}] batch {value}/{total} | loss {loss} | acc {acc} | ETA {eta_formatted}", hideCursor: true, etaBuffer: 20 },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.batches, 0, payload);
        }
        bar.update(p.batch, payload);
      },
      stop: () => bar?.stop(),
    };
  }
  let lastQuarter = -1;
  const started = Date.now();
  let epochStarted = started;
  return {
    update(p) {
      if (p.kind === "epoch") {
        stream.write(`${epochLine(p)} | ${((Date.now() - epochStarted) / 1000).toFixed(0)}s\n`);
        epochStarted = Date.now();
        lastQuarter = -1;
        return;
      }
      const quarter = Math.floor((p.batch * 4) / p.batches);
      if (quarter !== lastQuarter && quarter < 4) {
        lastQuarter = quarter;
        const elapsed = (Date.now() - epochStarted) / 1000;
        const eta = p.batch > 0 ? (elapsed / p.batch) * (p.batches - p.batch) : 0;
        stream.write(`epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} | loss ${p.loss.toFixed(4)} acc ${pct(p.accuracy)} | epoch ETA ${eta.toFixed(0)}s\n`);
      }
    },
    stop() {},
  };
}
