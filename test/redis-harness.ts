/**
 * Redis for the shared-state tests, never from `REDIS_URL`: the machine's server on
 * 127.0.0.1:6379 when it answers (CI runs one), otherwise a private `redis-server` on a free port.
 * Every test run uses a key prefix of its own and deletes its keys afterwards. Tests that stop
 * Redis mid-run start a private server of their own, which they may kill and start again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const MACHINE_REDIS_URL = 'redis://127.0.0.1:6379';

/** A prefix no other run shares, e.g. `ssogw-test-3f9a1c2b:`. */
export function testPrefix(): string {
  return `ssogw-test-${randomBytes(4).toString('hex')}:`;
}

/** A port nothing listens on right now: redis-server cannot bind port 0 itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A `redis-server` child on 127.0.0.1 that a test may stop and start again on the same port. */
export class PrivateRedis {
  readonly port: number;
  readonly password: string | undefined;
  #process: ChildProcess | undefined;

  private constructor(port: number, password: string | undefined) {
    this.port = port;
    this.password = password;
  }

  static async start(options: { password?: string } = {}): Promise<PrivateRedis> {
    const server = new PrivateRedis(await freePort(), options.password);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://${this.password ? `:${encodeURIComponent(this.password)}@` : ''}127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    if (this.password) args.push('--requirepass', this.password);
    this.#process = spawn('redis-server', args, { stdio: 'ignore' });
    for (let tries = 0; tries < 100; tries += 1) {
      if (await answers(this.url)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** SIGKILL: Redis gone without a goodbye, as in a crash. */
  async kill(): Promise<void> {
    const child = this.#process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

/** The machine's Redis when it answers, else a private one (stopped by `close`). */
export async function sharedRedis(): Promise<{ url: string; close(): Promise<void> }> {
  if (await answers(MACHINE_REDIS_URL)) return { url: MACHINE_REDIS_URL, close: async () => undefined };
  const server = await PrivateRedis.start();
  return { url: server.url, close: () => server.kill() };
}

/** Deletes every key under `prefix` (SCAN, never KEYS: the machine's Redis may hold other data). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** Waits until `check` holds, looking every 10 ms, for at most `ms`. */
export async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
