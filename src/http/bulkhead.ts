/**
 * A cap on concurrent calls to one upstream, with a bounded queue. Hand-written instead of
 * cockatiel's bulkhead (3.2.1), which looks at a queued call's signal only when the call leaves
 * the queue, so calls waited past their operation's deadline, and which did not start the next
 * call after a cancelled one: found by `npm run soak` at 64+ concurrent operations.
 */
export class BulkheadFullError extends Error {
  override name = 'BulkheadFullError';
}

export class QueueWaitCancelledError extends Error {
  override name = 'QueueWaitCancelledError';
}

interface Waiter {
  start(): void;
}

export class Bulkhead {
  readonly #capacity: number;
  readonly #queueCapacity: number;
  readonly #queue: Waiter[] = [];
  #active = 0;

  constructor(capacity: number, queueCapacity: number) {
    this.#capacity = capacity;
    this.#queueCapacity = queueCapacity;
  }

  /** Runs `task` when a slot is free; a waiting call leaves the queue the moment `signal` aborts. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new QueueWaitCancelledError());
    if (this.#active < this.#capacity) {
      this.#active += 1;
      return Promise.resolve();
    }
    if (this.#queue.length >= this.#queueCapacity) return Promise.reject(new BulkheadFullError());
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        reject(new QueueWaitCancelledError());
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  /** Hands the slot straight to the next waiter, if any. */
  #release(): void {
    const next = this.#queue.shift();
    if (next) next.start();
    else this.#active -= 1;
  }
}
