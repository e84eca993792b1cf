// A rate-limited work queue of reconcile keys (client-go util/workqueue): a key is queued at
// most once, is never processed by two workers at once, and failures are retried with
// exponential backoff (5 ms doubling to 5 minutes, as controller-runtime's default limiter).

/** WorkQueue dedupes keys and hands them to a reconcile function. */
export class WorkQueue {
  private readonly queued = new Set<string>();
  // A FIFO with a head index: Array.prototype.shift moves the whole array once it is large,
  // which made draining the hundreds of thousands of keys of a start-up quadratic.
  private order: string[] = [];
  private head = 0;
  private readonly processing = new Set<string>();
  private readonly dirtyWhileProcessing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly reconcile: (key: string) => Promise<ReconcileResult>;
  private readonly concurrency: number;
  private readonly onError: (key: string, err: unknown) => void;
  private active = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(reconcile: (key: string) => Promise<ReconcileResult>, options: { concurrency?: number; onError?: (key: string, err: unknown) => void } = {}) {
    this.reconcile = reconcile;
    this.concurrency = options.concurrency ?? 4;
    this.onError = options.onError ?? (() => undefined);
  }

  /** Queues `key` now. */
  add(key: string): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.order.push(key);
    this.pump();
  }

  /** Queues `key` after `ms`. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref?.();
    this.timers.set(key, timer);
  }

  /** Resolves when nothing is queued, running or waiting on a retry timer shorter than a second. */
  async idle(): Promise<void> {
    if (this.pending === 0 && this.active === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private pump(): void {
    while (!this.stopped && this.active < this.concurrency && this.pending > 0) {
      const key = this.take();
      this.queued.delete(key);
      this.processing.add(key);
      this.active++;
      void this.run(key);
    }
    if (this.pending === 0 && this.active === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** How many keys wait in the FIFO. */
  private get pending(): number {
    return this.order.length - this.head;
  }

  /** Removes and returns the oldest key, dropping the consumed prefix once it is half the array. */
  private take(): string {
    const key = this.order[this.head++] as string;
    if (this.head === this.order.length) {
      this.order = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return key;
  }

  private async run(key: string): Promise<void> {
    try {
      // Start each reconcile in its own turn of the event loop. SQLite reads resolve without
      // I/O, so a chain of reconciles would otherwise run in one microtask drain and keep
      // requests waiting until a whole start-up resync of thousands of clusters is done.
      await yieldToEventLoop();
      if (this.stopped) return;
      const result = await this.reconcile(key);
      this.failures.delete(key);
      if (result.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.onError(key, err);
      if (!(err instanceof TerminalError)) this.addAfter(key, Math.min(5 * 2 ** (n - 1), 300_000));
    } finally {
      this.processing.delete(key);
      this.active--;
      if (this.dirtyWhileProcessing.delete(key)) this.add(key);
      this.pump();
    }
  }
}

/** Resolves in the event loop's next check phase, after pending I/O callbacks ran. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** ReconcileResult tells the queue whether to look at the key again later. */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

/** TerminalError stops retries; the reconciler records it in a condition instead. */
export class TerminalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerminalError';
  }
}
