/**
 * The fault matrix: each upstream fault, against a read and a write, for two providers with
 * different error formats (Vantage's `{errors: [..]}` with a bearer token, Logto's
 * `{code, message}` behind a machine-to-machine token). For each case: the GraphQL outcome, how
 * many attempts reached the upstream, that a write was never sent twice, and that the operation
 * ended within its deadline.
 */
import { describe, expect, it } from 'vitest';
import type { Fault } from '../src/sandbox/faults.ts';
import type { SimulatorServer } from '../src/sandbox/simulator-kit.ts';
import { type GraphQLResponse, type Stack, useStack } from './harness.ts';

const DEADLINE_MS = 1_500;
/** Generous: the bound is "not far past the deadline", not a speed target. */
const DEADLINE_MARGIN_MS = 1_000;

let stack: Stack;
useStack(
  {
    providers: ['vantage', 'logto'],
    // The deadline, not the per-call timeout, must be what stops a hanging upstream.
    env: { GATEWAY_REQUEST_TIMEOUT_MS: String(DEADLINE_MS), VANTAGE_TIMEOUT_MS: '5000', LOGTO_TIMEOUT_MS: '5000' },
  },
  (started) => {
    stack = started;
  },
);

interface Target {
  provider: 'vantage' | 'logto';
  read: { query: string; method: string; path: string };
  write: { query: string; variables: Record<string, unknown>; method: string; path: string };
}

const TARGETS: Target[] = [
  {
    provider: 'vantage',
    read: {
      query: '{ vantageManagedAccount(token: "acct_2a5c8e1b4d7f0a3c") { name } }',
      method: 'GET',
      path: '/v2/managed_accounts/acct_2a5c8e1b4d7f0a3c',
    },
    write: {
      query: `mutation ($input: UpdateManagedAccountSsoInput!) { updateManagedAccountSso(input: $input) {
        __typename ... on Error { code } ... on RateLimitedError { retryAfterSeconds } } }`,
      variables: { input: { managedAccountToken: 'acct_1f4e2b7c9d0a3e5f', additionalDomains: ['matrix.acme.example'] } },
      method: 'PUT',
      path: '/v2/managed_accounts/acct_1f4e2b7c9d0a3e5f/sso_connection',
    },
  },
  {
    provider: 'logto',
    read: {
      query: '{ logtoSsoConnector(connectorId: "p9d3f6h2j5lw") { connectorName } }',
      method: 'GET',
      path: '/api/sso-connectors/p9d3f6h2j5lw',
    },
    write: {
      query: `mutation ($input: UpdateLogtoSsoConnectorInput!) { updateLogtoSsoConnector(input: $input) {
        __typename ... on Error { code } ... on RateLimitedError { retryAfterSeconds } } }`,
      variables: { input: { connectorId: 'k2x8m4q1v7zb', syncProfile: false } },
      method: 'PATCH',
      path: '/api/sso-connectors/k2x8m4q1v7zb',
    },
  },
];

interface Case {
  name: string;
  faults: Fault[];
  /** `ok` or the error code in errors[]; then how many GETs reached the upstream. */
  read: [outcome: string, attempts: number];
  /** The union member the mutation answers with (always exactly one attempt). */
  write: string;
  retryAfterSeconds?: number;
}

const CASES: Case[] = [
  { name: '503 three times', faults: [{ status: 503, times: 3 }], read: ['UPSTREAM_UNAVAILABLE', 3], write: 'UpstreamUnavailableError' },
  { name: '503, 503, then 200', faults: [{ status: 503, times: 2 }], read: ['ok', 3], write: 'UpstreamUnavailableError' },
  { name: '502 once', faults: [{ status: 502 }], read: ['ok', 2], write: 'UpstreamUnavailableError' },
  { name: '504 once', faults: [{ status: 504 }], read: ['ok', 2], write: 'UpstreamUnavailableError' },
  { name: '500 once (not retried)', faults: [{ status: 500 }], read: ['UPSTREAM_UNAVAILABLE', 1], write: 'UpstreamUnavailableError' },
  {
    name: '429 with a wait that fits the deadline',
    faults: [{ status: 429, headers: { 'retry-after': '1' } }],
    read: ['ok', 2],
    write: 'RateLimitedError',
    retryAfterSeconds: 1,
  },
  {
    name: '429 with a wait past the deadline',
    faults: [{ status: 429, headers: { 'retry-after': '60' } }],
    read: ['RATE_LIMITED', 1],
    write: 'RateLimitedError',
    retryAfterSeconds: 60,
  },
  { name: 'a hang', faults: [{ kind: 'hang' }], read: ['UPSTREAM_UNAVAILABLE', 1], write: 'UpstreamOutcomeUnknownError' },
  { name: 'a reset mid-body', faults: [{ kind: 'reset' }], read: ['UPSTREAM_CONTRACT_VIOLATION', 1], write: 'UpstreamOutcomeUnknownError' },
  { name: 'malformed JSON', faults: [{ kind: 'malformed' }], read: ['UPSTREAM_CONTRACT_VIOLATION', 1], write: 'UpstreamContractError' },
  {
    name: 'a wrong content type',
    faults: [{ kind: 'wrong-content-type' }],
    read: ['UPSTREAM_CONTRACT_VIOLATION', 1],
    write: 'UpstreamContractError',
  },
  {
    name: 'latency past the deadline',
    faults: [{ kind: 'delay', delayMs: DEADLINE_MS + 500 }],
    read: ['UPSTREAM_UNAVAILABLE', 1],
    write: 'UpstreamOutcomeUnknownError',
  },
];

function simulatorOf(target: Target): SimulatorServer {
  const simulator = stack.simulators[target.provider];
  if (!simulator) throw new Error(`no ${target.provider} simulator`);
  return simulator;
}

function attempts(simulator: SimulatorServer, method: string, path: string): number {
  return simulator.requests.filter((entry) => entry.method === method && entry.path === path).length;
}

async function timed<T>(run: () => Promise<GraphQLResponse<T>>): Promise<{ result: GraphQLResponse<T>; elapsedMs: number }> {
  const started = performance.now();
  const result = await run();
  return { result, elapsedMs: performance.now() - started };
}

/** Warm the Logto token and connections so token requests do not count as attempts below. */
async function warm(target: Target): Promise<void> {
  const result = await stack.graphql(target.read.query);
  expect(result.errors).toBeUndefined();
  simulatorOf(target).resetLog();
}

describe.each(TARGETS)('$provider', (target) => {
  describe.each(CASES)('$name', (fault) => {
    it('read: retried only where safe, within the deadline', async () => {
      await warm(target);
      const simulator = simulatorOf(target);
      for (const item of fault.faults) simulator.injectFault({ ...item, method: target.read.method, pathPrefix: target.read.path });
      const { result, elapsedMs } = await timed(() => stack.graphql(target.read.query));
      const [outcome, expectedAttempts] = fault.read;
      if (outcome === 'ok') {
        expect(result.errors).toBeUndefined();
      } else {
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: outcome, provider: target.provider.toUpperCase() });
      }
      expect(result.status).toBe(200);
      expect(attempts(simulator, target.read.method, target.read.path)).toBe(expectedAttempts);
      expect(elapsedMs).toBeLessThan(DEADLINE_MS + DEADLINE_MARGIN_MS);
    });

    it('write: never repeated, typed error, within the deadline', async () => {
      await warm(target);
      const simulator = simulatorOf(target);
      for (const item of fault.faults) simulator.injectFault({ ...item, method: target.write.method, pathPrefix: target.write.path });
      const { result, elapsedMs } = await timed(() =>
        stack.graphql<Record<string, { __typename: string; code?: string; retryAfterSeconds?: number }>>(
          target.write.query,
          target.write.variables,
        ),
      );
      const answer = Object.values(result.data ?? {})[0];
      expect(answer?.__typename).toBe(fault.write);
      if (fault.retryAfterSeconds !== undefined) expect(answer?.retryAfterSeconds).toBe(fault.retryAfterSeconds);
      expect(attempts(simulator, target.write.method, target.write.path)).toBe(1);
      expect(elapsedMs).toBeLessThan(DEADLINE_MS + DEADLINE_MARGIN_MS);
    });
  });
});
