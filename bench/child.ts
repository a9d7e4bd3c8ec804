/** Starts one of the bench's child processes (simulators or a gateway) and talks to it over IPC. */
import { type ChildProcess, fork } from 'node:child_process';
import type { Command, Reply } from './protocol.ts';

export class Child {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #next = 1;
  readonly ready: Promise<void>;

  /** The simulators run from source through tsx; they are not what is measured. */
  static simulators(): Child {
    return new Child(new URL('./simulators-process.ts', import.meta.url), ['--import', 'tsx']);
  }

  /** A gateway runs compiled (`npm run build`), as in production: tsx would add its own memory. */
  static gateway(flags: string[] = []): Child {
    return new Child(new URL('../dist/bench/gateway-process.js', import.meta.url), flags);
  }

  /** A peer server (Apollo or Mesh), compiled like the gateway (bench/tsconfig.peers.json) so both pay the same for loading code. */
  static peer(): Child {
    return new Child(new URL('../dist/bench/peer-process.js', import.meta.url), []);
  }

  private constructor(script: URL, flags: string[]) {
    this.#child = fork(script, [], { execArgv: ['--expose-gc', ...flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.#pending.set(0, { resolve: () => resolve(), reject });
      this.#child.once('exit', (code) => {
        for (const { reject: fail } of this.#pending.values()) fail(new Error(`${script.pathname} exited (${code})`));
        this.#pending.clear();
      });
    });
    this.#child.on('message', (reply: Reply) => {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.result);
      else waiter?.reject(new Error(reply.error));
    });
  }

  send<T>(command: Command): Promise<T> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, command });
    });
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    await this.send({ cmd: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
