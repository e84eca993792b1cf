// A bounded single-consumer queue that turns pushed values into an async iterator. Watches
// use it: the backend pushes at commit time, the HTTP layer pulls at the client's pace.

/** AsyncQueue buffers values for one async consumer; past `capacity` it fails instead of growing. */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiter: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiter: ((err: unknown) => void) | undefined;
  private done = false;
  private failure: unknown;
  private readonly capacity: number;
  private readonly onOverflow: () => void;

  constructor(capacity: number, onOverflow: () => void) {
    this.capacity = capacity;
    this.onOverflow = onOverflow;
  }

  /** Returns the number of buffered values. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Adds a value; calls onOverflow (once) when the consumer has fallen `capacity` behind. */
  push(value: T): void {
    if (this.done) return;
    if (this.waiter) {
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
  }

  /** Ends the iteration with `err` after the buffered values. */
  fail(err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = err;
    this.settleWaiter();
  }

  /** Ends the iteration now, dropping buffered values. */
  close(): void {
    this.items.length = 0;
    this.head = 0;
    this.failure = undefined;
    this.done = true;
    this.settleWaiter();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.items[this.head++] as T;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
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
