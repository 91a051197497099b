// Dynamic batching the way Triton does it: images that arrive within a short
// window are run through the model in ONE forward pass, up to a maximum batch
// size. The window is adaptive: the batcher knows how many jobs are still
// decoding (they called begin() but not yet submit()), and when none is, no
// more images can come soon, so it runs at once (Triton's default delay is 0;
// a lone request never pays the window). While a forward pass runs, new
// images queue up and form the next batch as soon as it ends.

/** Options of {@link DynamicBatcher}. */
export interface DynamicBatcherOptions {
  /** Most items in one run. @defaultValue 32 */
  maxBatchSize?: number;
  /** Longest the first item of a batch waits for others, in ms (0 = never wait). @defaultValue 2 */
  windowMs?: number;
  /** Called after each run with its size and duration (seconds). */
  onBatch?: (size: number, seconds: number) => void;
}

/** One job's place in the batcher: submit its item, or cancel if it has none. */
export interface BatchTicket<I, O> {
  submit(item: I): Promise<O>;
  cancel(): void;
}

interface Queued<I, O> {
  item: I;
  at: number;
  resolve(o: O): void;
  reject(e: unknown): void;
}

/** Gathers items into batched calls of `run` (which must return one output per input, in order). */
export class DynamicBatcher<I, O> {
  private readonly maxBatchSize: number;
  private readonly windowMs: number;
  private readonly queue: Queued<I, O>[] = [];
  private expected = 0;
  private running = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: DynamicBatcherOptions = {},
  ) {
    this.maxBatchSize = opts.maxBatchSize ?? 32;
    this.windowMs = opts.windowMs ?? 2;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be an integer >= 1, got ${this.maxBatchSize}`);
    }
    if (!Number.isFinite(this.windowMs) || this.windowMs < 0) {
      throw new RangeError(`windowMs must be >= 0, got ${this.windowMs}`);
    }
  }

  /** Items waiting for a run, and jobs announced but not yet submitted (for tests and logs). */
  get stats(): { queued: number; expected: number; running: boolean } {
    return { queued: this.queue.length, expected: this.expected, running: this.running };
  }

  /** Announce a job that will (probably) submit an item soon. */
  begin(): BatchTicket<I, O> {
    this.expected++;
    let used = false;
    const release = () => {
      if (used) return false;
      used = true;
      this.expected--;
      return true;
    };
    return {
      submit: (item) => {
        if (!release()) return Promise.reject(new Error("ticket already used"));
        const p = new Promise<O>((resolve, reject) => this.queue.push({ item, at: Date.now(), resolve, reject }));
        this.schedule();
        return p;
      },
      cancel: () => {
        if (release()) this.schedule();
      },
    };
  }

  /** Submit one item without announcing it first. */
  submit(item: I): Promise<O> {
    return this.begin().submit(item);
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    const waited = Date.now() - this.queue[0]!.at;
    if (this.queue.length >= this.maxBatchSize || this.expected === 0 || waited >= this.windowMs) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.schedule();
    }, this.windowMs - waited);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue.splice(0, this.maxBatchSize);
    this.running = true;
    const t0 = performance.now();
    let outputs: Promise<O[]>;
    try {
      outputs = this.run(batch.map((q) => q.item));
    } catch (err) {
      outputs = Promise.reject(err);
    }
    outputs
      .then(
        (out) => {
          if (out.length !== batch.length) throw new Error(`batch run returned ${out.length} outputs for ${batch.length} inputs`);
          this.opts.onBatch?.(batch.length, (performance.now() - t0) / 1000);
          batch.forEach((q, i) => q.resolve(out[i]!));
        },
      )
      .catch((err: unknown) => batch.forEach((q) => q.reject(err)))
      .finally(() => {
        this.running = false;
        this.schedule();
      });
  }
}
