// A bounded single-consumer queue between a watch's producer (the backend, at commit time) and
// its one consumer, which either pulls (async iteration) or is pushed to (listen). Pushing is
// what the HTTP layer uses: a thousand watchers of one resource then cost a function call each
// per event instead of two promises and two async generator steps each. A pushed-to consumer
// pauses the queue when it cannot take more (its socket is full) and resumes it on drain; while
// paused, values wait here, bounded by `capacity`, as they do for a slow iterating consumer.

/** QueueSink receives the values of a queue it listens to, synchronously and in order. */
export interface QueueSink<T> {
  next(value: T): void;
  /** The queue ended: after end() or close() with no error, after fail(err) (or a throwing next) with it. Called once. */
  end(err?: unknown): void;
}

/** AsyncQueue buffers values for one consumer; past `capacity` it fails instead of growing. */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiter: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiter: ((err: unknown) => void) | undefined;
  private done = false;
  private failure: unknown;
  private readonly capacity: number;
  private readonly onOverflow: () => void;
  private readonly onSinkError: (err: unknown) => void;
  private sink: QueueSink<T> | undefined;
  private paused = false;
  private draining = false;
  private sinkEnded = false;

  /**
   * `onOverflow` is called when the consumer has fallen `capacity` behind; `onSinkError` when a
   * listening sink threw (the queue has then failed with that error).
   */
  constructor(capacity: number, onOverflow: () => void, onSinkError: (err: unknown) => void = () => undefined) {
    this.capacity = capacity;
    this.onOverflow = onOverflow;
    this.onSinkError = onSinkError;
  }

  /** Returns the number of buffered values. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Adds a value; calls onOverflow (once) when the consumer has fallen `capacity` behind. */
  push(value: T): void {
    if (this.done) return;
    if (this.sink) {
      if (!this.paused && !this.draining && this.size === 0) {
        this.deliver(value);
        if (this.done) this.drain();
        return;
      }
    } else if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      this.failWaiter = undefined;
      waiter({ value, done: false });
      return;
    }
    if (this.size >= this.capacity) {
      this.onOverflow();
      return;
    }
    this.items.push(value);
  }

  /** Ends the iteration after the buffered values. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.settleWaiter();
    this.drain();
  }

  /** Ends the iteration with `err` after the buffered values. */
  fail(err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = err;
    this.settleWaiter();
    this.drain();
  }

  /** Ends the iteration now, dropping buffered values. */
  close(): void {
    this.items.length = 0;
    this.head = 0;
    this.failure = undefined;
    this.done = true;
    this.settleWaiter();
    this.drain();
  }

  /**
   * Hands every value to `sink` as it is pushed (buffered ones first) instead of through
   * iteration. A queue has one consumer: listen once, and do not iterate as well.
   */
  listen(sink: QueueSink<T>): void {
    if (this.sink || this.waiter) throw new Error('AsyncQueue: already consumed');
    this.sink = sink;
    this.drain();
  }

  /** Buffers pushed values (up to `capacity`) instead of handing them to the sink. */
  pause(): void {
    this.paused = true;
  }

  /** Hands the buffered values to the sink, until it pauses the queue again. */
  resume(): void {
    this.paused = false;
    this.drain();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) return Promise.resolve({ value: this.shift(), done: false });
    if (this.done) {
      if (this.failure !== undefined) {
        const err = this.failure;
        this.failure = undefined;
        return Promise.reject(err);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private shift(): T {
    const value = this.items[this.head++] as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return value;
  }

  /** Passes `value` to the sink; a sink that throws fails the queue with its error. */
  private deliver(value: T): void {
    try {
      (this.sink as QueueSink<T>).next(value);
    } catch (err) {
      this.items.length = 0;
      this.head = 0;
      this.done = true;
      this.failure = err;
      this.onSinkError(err);
    }
  }

  /** Hands buffered values to an unpaused sink, then the end once the queue is done and empty. */
  private drain(): void {
    if (!this.sink || this.draining) return;
    this.draining = true;
    try {
      while (!this.paused && this.size > 0) this.deliver(this.shift());
      if (this.done && this.size === 0 && !this.sinkEnded) {
        this.sinkEnded = true;
        const err = this.failure;
        this.failure = undefined;
        try {
          this.sink.end(err);
        } catch (endErr) {
          this.onSinkError(endErr);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private settleWaiter(): void {
    if (!this.waiter) return;
    const waiter = this.waiter;
    const failWaiter = this.failWaiter;
    this.waiter = undefined;
    this.failWaiter = undefined;
    if (this.failure !== undefined && failWaiter) {
      const err = this.failure;
      this.failure = undefined;
      failWaiter(err);
    } else {
      waiter({ value: undefined, done: true });
    }
  }
}
