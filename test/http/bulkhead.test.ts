import { describe, expect, it } from 'vitest';
import { Bulkhead, BulkheadFullError, QueueWaitCancelledError } from '../../src/http/bulkhead.ts';

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('Bulkhead', () => {
  it('runs at most `capacity` tasks, queues the next ones, refuses beyond the queue', async () => {
    const bulkhead = new Bulkhead(1, 1);
    const first = gate();
    const order: string[] = [];
    const running = bulkhead.run(async () => {
      order.push('first');
      await first.opened;
    });
    const queued = bulkhead.run(async () => {
      order.push('second');
    });
    await expect(bulkhead.run(async () => order.push('third'))).rejects.toBeInstanceOf(BulkheadFullError);
    expect(order).toEqual(['first']);
    first.open();
    await Promise.all([running, queued]);
    expect(order).toEqual(['first', 'second']);
  });

  it('lets a queued call leave the moment its signal aborts, and still starts the next waiter', async () => {
    const bulkhead = new Bulkhead(1, 2);
    const first = gate();
    const running = bulkhead.run(() => first.opened);
    const controller = new AbortController();
    const cancelled = bulkhead.run(async () => 'never', controller.signal);
    const next = bulkhead.run(async () => 'next ran');
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(QueueWaitCancelledError);
    first.open();
    await running;
    await expect(next).resolves.toBe('next ran');
    // All slots are free again.
    await expect(bulkhead.run(async () => 'free')).resolves.toBe('free');
  });

  it('refuses a call whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new Bulkhead(5, 5).run(async () => 'x', controller.signal)).rejects.toBeInstanceOf(QueueWaitCancelledError);
  });
});
