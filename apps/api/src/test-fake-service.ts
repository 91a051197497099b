// An in-memory PredictionService for the API's unit tests: no Redis, no
// worker. It "predicts" from the first pixel byte and records what it got.
import type {
  JobView,
  PredictionService,
  ReadinessReport,
  UploadedImage,
  WaitOutcome,
} from "@repo/queue";

export interface FakeServiceOptions {
  /** What predict() answers; default: a completed prediction of digit "7". */
  outcome?: (image: UploadedImage, jobId: string) => WaitOutcome | Promise<WaitOutcome>;
  waiting?: number;
  readiness?: Partial<ReadinessReport>;
  /** Every call throws this (simulates Redis down). */
  failWith?: Error;
}

export function fakePrediction(digit: number) {
  const probabilities = Array.from({ length: 10 }, (_, d) => (d === digit ? 0.91 : 0.01));
  return { digit: String(digit), confidence: 0.91, probabilities };
}

/** The fake; its public fields are there for assertions. */
export class FakePredictionService implements PredictionService {
  readonly predicted: UploadedImage[] = [];
  readonly batches = new Map<string, UploadedImage[]>();
  private counter = 0;
  constructor(public opts: FakeServiceOptions = {}) {}

  private check() {
    if (this.opts.failWith) throw this.opts.failWith;
  }

  async predict(image: UploadedImage): Promise<WaitOutcome> {
    this.check();
    this.predicted.push(image);
    const jobId = `fakejob${String(++this.counter).padStart(12, "0")}`;
    if (this.opts.outcome) return this.opts.outcome(image, jobId);
    return { kind: "completed", jobId, prediction: fakePrediction(7) };
  }

  async submitBatch(images: UploadedImage[]): Promise<{ id: string; total: number }> {
    this.check();
    const id = `fakebatch${String(++this.counter).padStart(12, "0")}`;
    this.batches.set(id, images);
    return { id, total: images.length };
  }

  async getJob(id: string): Promise<JobView | null> {
    this.check();
    const images = this.batches.get(id);
    if (!images) return null;
    const results = images.map((img, index) =>
      img.mimeType.startsWith("image/")
        ? { index, filename: img.filename, ...fakePrediction(3) }
        : { index, filename: img.filename, error: { code: "UNSUPPORTED_FORMAT", message: "not an image" } },
    );
    const failed = results.filter((r) => "error" in r).length;
    return { id, status: "completed", total: images.length, done: images.length, failed, results };
  }

  async waitingCount(): Promise<number> {
    this.check();
    return this.opts.waiting ?? 0;
  }

  async readiness(): Promise<ReadinessReport> {
    this.check();
    const base: ReadinessReport = {
      ready: true,
      redis: true,
      workers: [
        {
          id: "w1",
          pid: 1,
          host: "test",
          model: { name: "fake", format: "keras3", backend: "cpu", inputShape: [784], convention: "0..1/light-on-dark", referenceAccuracy: 1 },
          startedAt: 0,
          lastBeatAt: 0,
        },
      ],
      reasons: [],
    };
    return { ...base, ...this.opts.readiness };
  }

  async close(): Promise<void> {}
}
