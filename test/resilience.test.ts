/**
 * The per-provider guard: circuit breaker, bulkhead, rate-limit pacing, and the sandbox's fault
 * switch. Each scenario builds its own stack, since breaker and budget state live in the clients.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/atoms.ts';
import type { DatoCmsSimulator } from '../src/providers/datocms/sandbox/simulator.ts';
import { providers } from '../src/providers/index.ts';
import { applyFaultSpec } from '../src/sandbox/faults.ts';
import type { SimulatorServer } from '../src/sandbox/simulator-kit.ts';
import { startSandbox } from '../src/sandbox/start.ts';
import { type Stack, startStack } from './harness.ts';

const READ = '{ vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") { name } }';
const PROVIDERS = '{ providers { provider enabled circuit lastFailure { code } rateLimit { limit remaining } } }';

interface ProvidersData {
  providers: {
    provider: string;
    enabled: boolean;
    circuit: string | null;
    lastFailure: { code: string } | null;
    rateLimit: { limit: number; remaining: number } | null;
  }[];
}

async function withStack(options: Parameters<typeof startStack>[0], run: (stack: Stack) => Promise<void>): Promise<void> {
  const stack = await startStack(options);
  try {
    await run(stack);
  } finally {
    await stack.close();
  }
}

function simulator(stack: Stack, id: keyof Stack['simulators']): SimulatorServer {
  const found = stack.simulators[id];
  if (!found) throw new Error(`no ${id} simulator`);
  return found;
}

async function statusOf(stack: Stack, provider: string) {
  const result = await stack.graphql<ProvidersData>(PROVIDERS);
  return result.data?.providers.find((entry) => entry.provider === provider);
}

describe('circuit breaker', () => {
  it('opens after repeated outages, fails fast without calling, probes after the pause and closes', async () => {
    await withStack({ providers: ['vantage'], env: { GATEWAY_CIRCUIT_FAILURES: '3', GATEWAY_CIRCUIT_OPEN_MS: '300' } }, async (stack) => {
      const vantage = simulator(stack, 'vantage');
      expect(await statusOf(stack, 'VANTAGE')).toMatchObject({ enabled: true, circuit: 'CLOSED', lastFailure: null });

      vantage.injectFault({ status: 503, times: 100 });
      const failed = await stack.graphql(READ);
      expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      // One read, three attempts (two retries): the third consecutive outage opens the circuit.
      expect(vantage.count()).toBe(3);
      expect(await statusOf(stack, 'VANTAGE')).toMatchObject({ circuit: 'OPEN', lastFailure: { code: 'HTTP_503' } });

      const fast = await stack.graphql(READ);
      expect(fast.errors?.[0]?.message).toContain('stopped calling it');
      expect(vantage.count()).toBe(3);
      expect(await statusOf(stack, 'VANTAGE')).toMatchObject({ lastFailure: { code: 'CIRCUIT_OPEN' } });

      vantage.clearFaults();
      await wait(350);
      const probe = await stack.graphql(READ);
      expect(probe.errors).toBeUndefined();
      expect(vantage.count()).toBe(4);
      expect(await statusOf(stack, 'VANTAGE')).toMatchObject({ circuit: 'CLOSED' });
    });
  });

  it('does not count 4xx answers as outages', async () => {
    await withStack({ providers: ['vantage'], env: { GATEWAY_CIRCUIT_FAILURES: '2' } }, async (stack) => {
      for (let i = 0; i < 4; i += 1) await stack.graphql('{ vantageManagedAccount(token: "acct_missing") { name } }');
      expect(await statusOf(stack, 'VANTAGE')).toMatchObject({ circuit: 'CLOSED', lastFailure: null });
    });
  });

  it('reports providers that are not enabled', async () => {
    await withStack({ providers: ['vantage'] }, async (stack) => {
      const result = await stack.graphql<ProvidersData>(PROVIDERS);
      expect(result.data?.providers.map((entry) => [entry.provider, entry.enabled])).toEqual([
        ['VANTAGE', true],
        ['DATOCMS', false],
        ['STYTCH', false],
        ['LOGTO', false],
        ['PANDASTACK', false],
      ]);
      expect(result.data?.providers[1]).toMatchObject({ circuit: null, lastFailure: null, rateLimit: null });
    });
  });
});

describe('bulkhead', () => {
  it('caps concurrent upstream calls and refuses beyond the queue instead of piling up', async () => {
    await withStack({ providers: ['vantage'], env: { GATEWAY_UPSTREAM_CONCURRENCY: '1', GATEWAY_UPSTREAM_QUEUE: '1' } }, async (stack) => {
      const vantage = simulator(stack, 'vantage');
      vantage.latencyMs = 150;
      const tokens = ['acct_1f4e2b7c9d0a3e5f', 'acct_2a5c8e1b4d7f0a3c', 'acct_3b6d9f2c5e8a1b4d', 'acct_4c7e0a3d6f9b2c5e'];
      const results = await Promise.all(tokens.map((token) => stack.graphql(`{ vantageManagedAccount(token: "${token}") { name } }`)));
      const refused = results.filter((result) => result.errors?.[0]?.message.includes('already waiting'));
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(results.filter((result) => result.errors === undefined).length).toBeGreaterThanOrEqual(2);
      // The simulator never had two calls open at once.
      const spans = vantage.requests
        .map((entry) => [entry.startedAt, entry.endedAt ?? Number.POSITIVE_INFINITY] as const)
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i += 1) expect(spans[i]?.[0]).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? 0);
    });
  });
});

describe('rate-limit pacing', () => {
  it("slows down on DatoCMS's budget headers instead of earning a 429", async () => {
    await withStack({ providers: ['datocms'] }, async (stack) => {
      const datocms = simulator(stack, 'datocms') as DatoCmsSimulator;
      datocms.state.rateLimit.limit = 4;
      datocms.state.rateLimit.windowMs = 1_000;
      for (let i = 0; i < 7; i += 1) {
        const result = await stack.graphql('{ datoCmsSsoSettings { settingsId } }');
        expect(result.errors).toBeUndefined();
      }
      expect(datocms.requests.map((entry) => entry.status).filter((status) => status === 429)).toEqual([]);
      expect(datocms.count()).toBe(7);
      const status = await statusOf(stack, 'DATOCMS');
      expect(status?.rateLimit?.limit).toBe(4);
    });
  });

  it('fails fast with RATE_LIMITED when the budget refills only after the deadline', async () => {
    await withStack({ providers: ['vantage'], env: { GATEWAY_REQUEST_TIMEOUT_MS: '1000' } }, async (stack) => {
      const vantage = simulator(stack, 'vantage');
      const resetAt = String(Math.floor(Date.now() / 1000) + 600);
      // Vantage reports an exhausted hourly budget on an otherwise normal answer.
      vantage.injectFault({
        status: 200,
        body: {
          token: 'acct_x',
          name: 'x',
          contact_email: 'x',
          parent_account_token: 'p',
          access_credential_tokens: [],
          billing_rule_tokens: [],
        },
        headers: { 'x-rate-limit-limit': '1000', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetAt },
      });
      expect((await stack.graphql(READ)).errors).toBeUndefined();
      const limited = await stack.graphql(READ);
      expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'VANTAGE' });
      expect(vantage.count()).toBe(1);
      expect(await statusOf(stack, 'VANTAGE')).toMatchObject({
        rateLimit: { limit: 1000, remaining: 0 },
        lastFailure: { code: 'THROTTLED' },
      });
    });
  });
});

describe('sandbox fault switch', () => {
  it('applies a fault list in order', async () => {
    await withStack({ providers: ['vantage'] }, async (stack) => {
      const vantage = simulator(stack, 'vantage');
      applyFaultSpec(vantage, '503*2, 429:30, latency:5');
      expect(vantage.latencyMs).toBe(5);
      const result = await stack.graphql(READ);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(vantage.requests.map((entry) => entry.status)).toEqual([503, 503, 429]);
    });
  });

  it('refuses an unknown fault or provider, naming the variable', async () => {
    await withStack({ providers: ['vantage'] }, async (stack) => {
      expect(() => applyFaultSpec(simulator(stack, 'vantage'), 'explode')).toThrow('unknown fault "explode"');
    });
    await expect(startSandbox(providers, { faults: 'nobody=503' })).rejects.toThrow(ConfigError);
    await expect(startSandbox(providers, { faults: 'vantage=boom' })).rejects.toThrow(/^SSO_SANDBOX_FAULTS: unknown fault "boom"/);
  });
});

describe('shutdown', () => {
  it('is bounded even when an upstream hangs', async () => {
    const stack = await startStack({
      providers: ['vantage'],
      env: { GATEWAY_SHUTDOWN_TIMEOUT_MS: '300', VANTAGE_TIMEOUT_MS: '60000', GATEWAY_REQUEST_TIMEOUT_MS: '60000' },
    });
    simulator(stack, 'vantage').injectFault({ kind: 'hang' });
    const inFlight = stack.graphql(READ).then(
      (result) => result.errors?.[0]?.extensions?.code ?? 'ok',
      () => 'connection cut',
    );
    await wait(100);
    const started = performance.now();
    await stack.close();
    // Bounded by the shutdown timeout plus the pools' grace period, far below the 60 s timeouts.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(['connection cut', 'UPSTREAM_UNAVAILABLE']).toContain(await inFlight);
  });
});
