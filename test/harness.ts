/**
 * Starts a real stack for a test file: the chosen providers' simulators and a live-mode gateway
 * pointed at them, every server on 127.0.0.1:0. Log lines are captured so tests can scan them.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../src/config/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { providers } from '../src/providers/index.ts';
import type { ProviderId } from '../src/providers/provider-id.ts';
import type { SimulatorServer } from '../src/sandbox/simulator-kit.ts';
import { createGateway, type Gateway } from '../src/server.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** The raw body text, for scanning for secrets. */
  text: string;
}

export interface Stack {
  url: string;
  gateway: Gateway;
  simulators: Record<ProviderId, SimulatorServer>;
  /** The environment the gateway was configured from (credentials included, for leak checks). */
  env: Record<string, string>;
  logs: string[];
  /** Audit records (JSON lines) the gateway wrote. */
  audit: string[];
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  resetLogs(): void;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Providers whose simulators start and whose credentials are set. @default all */
  providers?: readonly ProviderId[];
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
}

/** Upstream budgets no test file reaches (`<PROVIDER>_RATE_LIMIT`). */
export const GENEROUS_BUDGETS: Record<string, string> = Object.fromEntries(
  providers.map((module) => [`${module.id.toUpperCase()}_RATE_LIMIT`, '100000/1m']),
);

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const wanted = new Set(options.providers ?? providers.map((module) => module.id));
  const started = await Promise.all(
    providers.filter((module) => wanted.has(module.id)).map(async (module) => ({ id: module.id, ...(await module.sandbox()) })),
  );
  // Provider tests share one stack across many injected faults and writes; the circuit breaker and
  // the per-caller write limit would trip between unrelated tests, so they are effectively off
  // unless a test sets its own values. The gateway's upstream budgets likewise: the simulators
  // enforce the documented limits themselves, and the tests of the budget set their own.
  const env: Record<string, string> = Object.assign(
    {
      SSO_GATEWAY_MODE: 'live',
      GATEWAY_AUTH_MODE: 'none',
      GATEWAY_CIRCUIT_FAILURES: '1000',
      GATEWAY_WRITE_RATE_LIMIT: '100000/1m',
      ...GENEROUS_BUDGETS,
    },
    ...started.map((s) => s.env),
    options.env,
  );
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const audit: string[] = [];
  const gateway = await createGateway(loadConfig(env, providers), { logger, auditWrite: (line) => audit.push(line) });
  const url = await gateway.listen(0, '127.0.0.1');
  const simulators = Object.fromEntries(started.map((s) => [s.id, s.server])) as Stack['simulators'];

  return {
    url,
    gateway,
    simulators,
    env,
    logs,
    audit,
    async graphql(query, variables, headers) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, text, ...(JSON.parse(text) as object) };
    },
    resetLogs: () => {
      logs.length = 0;
    },
    close: async () => {
      await gateway.close();
      await Promise.all(started.map((s) => s.server.close()));
    },
  };
}

/** Narrows a union result by `__typename`, failing the test with the actual value otherwise. */
export function expectTypename<T extends { __typename?: string }>(value: T | null | undefined, typename: string): T {
  if (!value || value.__typename !== typename) {
    throw new Error(`expected ${typename}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * One stack for a whole test file: started before its tests, closed after them, and every
 * simulator reset (request log, faults, latency) before each test. `onStart` receives it.
 */
export function useStack(options: StackOptions, onStart: (stack: Stack) => void): void {
  let started: Stack | undefined;
  beforeAll(async () => {
    started = await startStack(options);
    onStart(started);
  });
  afterAll(() => started?.close());
  beforeEach(() => {
    for (const simulator of Object.values(started?.simulators ?? {})) {
      simulator.resetLog();
      simulator.clearFaults();
      simulator.latencyMs = 0;
    }
  });
}
