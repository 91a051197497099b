// Single predictions that arrive in the same event-loop turn leave as ONE
// BullMQ job. Adding a job costs the same Redis script, worker fetch and
// completion whether it carries one image or twenty, so under concurrent load
// the queue's fixed cost is shared; a lone request is flushed at the end of
// the turn it arrived in (setImmediate), so it never waits for company.

/** Gathers items added in one event-loop turn (at most `maxItems`) into one call of `flush`. */
export class Coalescer<T, R> {
  private pending: { item: T; resolve(r: R): void; reject(e: unknown): void }[] = [];
  private scheduled = false;

  constructor(
    private readonly flush: (items: T[]) => Promise<R>,
    private readonly maxItems: number,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be an integer >= 1, got ${maxItems}`);
  }

  /** Resolves with what `flush` returned for the group this item left in. */
  add(item: T): Promise<R> {
    const p = new Promise<R>((resolve, reject) => this.pending.push({ item, resolve, reject }));
    if (this.pending.length >= this.maxItems) this.run();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.run();
      });
    }
    return p;
  }

  private run(): void {
    if (this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    let out: Promise<R>;
    try {
      out = this.flush(group.map((g) => g.item));
    } catch (err) {
      out = Promise.reject(err);
    }
    out.then(
      (r) => group.forEach((g) => g.resolve(r)),
      (err: unknown) => group.forEach((g) => g.reject(err)),
    );
  }
}
