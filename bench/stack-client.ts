/** Starts bench/stack-process.ts as a child process and talks to it. */
import { type ChildProcess, fork } from 'node:child_process';
import type { Command, LoggedCall, Reply, StackInfo, Window } from './protocol.ts';

export class Stack {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #next = 1;
  readonly ready: Promise<void>;

  constructor() {
    this.#child = fork(new URL('./stack-process.ts', import.meta.url), [], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.#pending.set(0, { resolve: () => resolve(), reject });
      this.#child.once('exit', (code) => {
        for (const { reject: fail } of this.#pending.values()) fail(new Error(`stack process exited (${code})`));
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

  get pid(): number | undefined {
    return this.#child.pid;
  }

  #send(command: Command): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ id, command });
    });
  }

  init = () => this.#send({ cmd: 'init' }) as Promise<StackInfo>;
  latency = (ms: number) => this.#send({ cmd: 'latency', ms }) as Promise<void>;
  begin = () => this.#send({ cmd: 'begin' }) as Promise<void>;
  end = () => this.#send({ cmd: 'end' }) as Promise<Window>;
  /** First call starts keeping the request log; each later call returns (and clears) what was logged. */
  calls = () => this.#send({ cmd: 'calls' }) as Promise<LoggedCall[]>;

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    await this.#send({ cmd: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
