/**
 * Soak test: the gateway under steady load while its upstreams misbehave. Starts every provider's
 * simulator and a live-mode gateway on loopback, sends GraphQL reads and writes over HTTP from a
 * pool of workers while a chaos loop injects faults, then prints a Markdown report.
 *
 *   npm run soak                                  # 3000 requests, 24 workers, at most 90 s
 *   SOAK_REQUESTS=400 SOAK_CONCURRENCY=8 SOAK_MAX_SECONDS=30 npx tsx scripts/soak.ts
 *
 * Exits 1 when a must-be-zero counter is not: crashes (HTTP status other than 200, a body that is
 * not JSON, a fetch failure, an INTERNAL code or "Unexpected error."), duplicated writes (one
 * write's marker in two upstream write requests) or operations past the deadline plus 1 s.
 */
import { loadConfig } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { providers } from '../src/providers/index.ts';
import { createGateway } from '../src/server.ts';
import type { Fault, SimulatorServer } from '../src/simulator-kit.ts';

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}
const REQUESTS = setting('SOAK_REQUESTS', 3000);
const CONCURRENCY = setting('SOAK_CONCURRENCY', 24);
const MAX_SECONDS = setting('SOAK_MAX_SECONDS', 90);
const DEADLINE_MS = 2_000;
const OVER_DEADLINE_MS = DEADLINE_MS + 1_000;
/** The client gives up well after the deadline, so a stuck gateway cannot stall the run. */
const CLIENT_TIMEOUT_MS = DEADLINE_MS + 5_000;
const ENV: Record<string, string> = {
  SSO_GATEWAY_MODE: 'live',
  GATEWAY_REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
  // Short, so circuits open under chaos and close again within the run.
  GATEWAY_CIRCUIT_OPEN_MS: '500',
  ...Object.fromEntries(['VANTAGE', 'DATOCMS', 'STYTCH', 'LOGTO', 'PANDASTACK'].map((id) => [`${id}_TIMEOUT_MS`, '1500'])),
};

// Demo ids of the simulators (README, "What the sandbox contains").
const VANTAGE_ACME = 'acct_1f4e2b7c9d0a3e5f';
const STYTCH_ACME = 'organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931';
const STYTCH_SAML = 'saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9';
const LOGTO_CONNECTORS = ['k2x8m4q1v7zb', 'p9d3f6h2j5lw', 'e8w6q4r2t0yp'];

/** `field` is the operation's only root field, whose result decides the outcome. */
interface Operation { field: string; mutation: boolean; query: string; variables?: Record<string, unknown> }
interface Result { outcome: string; ms: number; detail?: string }

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const get = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);

/** `soak<n>`, unique per write: the same marker in two upstream requests is a write sent twice. */
const marker = (n: number) => `soak${n}`;
const MARKERS = /soak\d+/g;

const read = (field: string, query: string): Operation => ({ field, mutation: false, query });
const READS = [
  read('ssoConnections', '{ ssoConnections { nodes { id } failures { provider code message } } }'),
  read('vantageManagedAccount', `{ vantageManagedAccount(token: "${VANTAGE_ACME}") { name emailDomain } }`),
  read('logtoSsoConnector', `{ logtoSsoConnector(connectorId: "${LOGTO_CONNECTORS[1]}") { connectorName domains } }`),
  read('stytchSsoConnections', `{ stytchSsoConnections(organizationId: "${STYTCH_ACME}") { samlConnections { connectionId status } } }`),
  read('datoCmsSsoSettings', '{ datoCmsSsoSettings { idpSamlMetadataUrl defaultRole { name } } }'),
  read('pandaStackSso', '{ pandaStackSso { ssoId enabled domains } }'),
];

const write = (field: string, input: Record<string, unknown>): Operation => {
  const type = `${field[0]?.toUpperCase()}${field.slice(1)}Input`;
  return { field, mutation: true, query: `mutation ($input: ${type}!) { ${field}(input: $input) { __typename } }`, variables: { input } };
};
// Valid inputs, so most writes succeed and reach the upstream; names stay far below Logto's 128.
const WRITES: ((n: number) => Operation)[] = [
  (n) => write('updateManagedAccountSso', { managedAccountToken: VANTAGE_ACME, additionalDomains: [`${marker(n)}.example`] }),
  (n) => write('updateLogtoSsoConnector', { connectorId: pick(LOGTO_CONNECTORS), ...(n % 2 ? { connectorName: marker(n) } : { domains: [`${marker(n)}.example`] }) }),
  (n) => write('updatePandaStackSso', { enabled: true, domains: [`${marker(n)}.example`] }),
  (n) => write('updateDatoCmsSsoSettings', { idpSamlMetadataUrl: `https://idp.example/${marker(n)}/metadata` }),
  (n) => write('updateStytchSamlConnectionByUrl', { organizationId: STYTCH_ACME, connectionId: STYTCH_SAML, metadataUrl: `https://idp.example/${marker(n)}/saml/metadata` }),
];

/** Mutations: the union member; queries: `ok`, `partial` (ssoConnections failures) or the first error code. */
function outcomeOf(operation: Operation, body: unknown): string {
  const errors = get(body, 'errors');
  const list: unknown[] = Array.isArray(errors) ? errors : [];
  const failures = get(get(get(body, 'data'), operation.field), 'failures');
  const internal = [...list, ...(Array.isArray(failures) ? failures : [])].some(
    (error) => get(error, 'message') === 'Unexpected error.' || get(error, 'code') === 'INTERNAL' || get(get(error, 'extensions'), 'code') === 'INTERNAL',
  );
  if (internal) return 'crash';
  const typename = get(get(get(body, 'data'), operation.field), '__typename');
  if (operation.mutation && typeof typename === 'string') return typename;
  if (list.length > 0) return String(get(get(list[0], 'extensions'), 'code') ?? 'NO_CODE');
  if (operation.mutation) return 'crash';
  return Array.isArray(failures) && failures.length > 0 ? 'partial' : 'ok';
}

async function send(url: string, operation: Operation): Promise<Result> {
  const started = performance.now();
  const ms = () => performance.now() - started;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: operation.query, variables: operation.variables }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 200) return { outcome: 'crash', ms: ms(), detail: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { outcome: 'crash', ms: ms(), detail: `not JSON: ${text.slice(0, 200)}` };
    }
    const outcome = outcomeOf(operation, body);
    return { outcome, ms: ms(), ...(outcome === 'crash' ? { detail: text.slice(0, 300) } : {}) };
  } catch (error) {
    return { outcome: 'crash', ms: ms(), detail: `fetch failed: ${String(error)}` };
  }
}

const stats = { sent: 0, outcomes: new Map<string, number>(), crashes: [] as string[], maxMs: 0, overDeadline: 0, faults: new Map<string, number>() };
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

function record(operation: Operation, result: Result): void {
  bump(stats.outcomes, `${operation.field}\t${result.outcome}`);
  stats.maxMs = Math.max(stats.maxMs, result.ms);
  if (result.ms > OVER_DEADLINE_MS) stats.overDeadline += 1;
  if (result.outcome === 'crash') stats.crashes.push(`${operation.field} (${Math.round(result.ms)} ms): ${result.detail ?? ''}`);
}

async function worker(url: string, endAt: number): Promise<void> {
  while (stats.sent < REQUESTS && performance.now() < endAt) {
    const n = (stats.sent += 1);
    const operation = Math.random() < 0.6 ? pick(READS) : pick(WRITES)(n);
    record(operation, await send(url, operation));
  }
}

const FAULTS: [string, () => Fault][] = [
  ['503', () => ({ status: 503, times: 1 + Math.floor(Math.random() * 3) })],
  ['502', () => ({ status: 502 })],
  ['429 retry-after 1', () => ({ status: 429, headers: { 'retry-after': '1' } })],
  ['429 retry-after 30', () => ({ status: 429, headers: { 'retry-after': '30' } })],
  ['hang', () => ({ kind: 'hang' })],
  ['reset', () => ({ kind: 'reset' })],
  ['malformed', () => ({ kind: 'malformed' })],
  ['wrong-content-type', () => ({ kind: 'wrong-content-type' })],
  ['delay 300 ms', () => ({ kind: 'delay', delayMs: 300 })],
];

/** Every ~100 ms, one simulator gets a fault, some latency or a clean slate, until `done()`. */
async function chaos(simulators: SimulatorServer[], done: () => boolean): Promise<void> {
  while (!done()) {
    const simulator = pick(simulators);
    const roll = Math.random();
    if (roll < 0.1) {
      simulator.latencyMs = Math.floor(Math.random() * 51);
      bump(stats.faults, 'latency 0–50 ms');
    } else if (roll < 0.2) {
      simulator.clearFaults();
      bump(stats.faults, 'clear');
    } else {
      const [name, fault] = pick(FAULTS);
      simulator.injectFault(fault());
      bump(stats.faults, name);
    }
    await sleep(100);
  }
}

/** Markers seen in more than one upstream write request, any simulator. */
function duplicatedWrites(simulators: SimulatorServer[]): string[] {
  const seen = new Map<string, string[]>();
  for (const simulator of simulators) {
    for (const entry of simulator.requests.filter((e) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(e.method))) {
      for (const found of new Set(JSON.stringify(entry.body ?? null).match(MARKERS))) {
        seen.set(found, [...(seen.get(found) ?? []), `${simulator.name} ${entry.method} ${entry.path} → ${entry.status}`]);
      }
    }
  }
  return [...seen].filter(([, requests]) => requests.length > 1).map(([found, requests]) => `${found}: ${requests.join('; ')}`);
}

// Counted, not printed: the report owns stdout, and error lines can reveal failures answered as data.
const logLines = new Map<string, number>();
const counting = (level: string) => (message: string) => void bump(logLines, `${level}: ${message}`);
const logger: Logger = { debug: () => undefined, info: () => undefined, warn: counting('warn'), error: counting('error') };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

function report(simulators: SimulatorServer[], duplicates: string[], seconds: number, memory: NodeJS.MemoryUsage[]): string {
  const [before, after] = memory as [NodeJS.MemoryUsage, NodeJS.MemoryUsage];
  const outcomes = [...stats.outcomes].sort((a, b) => b[1] - a[1]).map(([key, count]) => [...key.split('\t'), count]);
  const upstream = simulators.map((s) => {
    const by = (test: (status: number) => boolean) => s.requests.filter((entry) => test(entry.status)).length;
    return [s.name, s.requests.length, s.requests.filter((e) => e.method !== 'GET').length, by((x) => x < 300 && x > 0), by((x) => x >= 400 && x < 500), by((x) => x >= 500), by((x) => x === 0)];
  });
  return [
    '# Soak report',
    table(['setting', 'value'], [['requests', `${stats.sent} of ${REQUESTS}${stats.sent < REQUESTS ? ' (time cap reached)' : ''}`], ['concurrency', CONCURRENCY], ['duration', `${seconds.toFixed(1)} s (cap ${MAX_SECONDS} s)`], ['requests/s', (stats.sent / seconds).toFixed(1)], ['max operation duration', `${Math.round(stats.maxMs)} ms (deadline ${DEADLINE_MS} ms)`], ['gateway warn/error log lines', [...logLines].map(([line, count]) => `${line} ×${count}`).join('<br>') || 'none']]),
    '## Must be zero',
    table(['counter', 'value'], [['crashes', stats.crashes.length], ['duplicated writes', duplicates.length], [`over deadline (> ${OVER_DEADLINE_MS} ms)`, stats.overDeadline]]),
    ...[...stats.crashes.slice(0, 5), ...duplicates.slice(0, 5)].map((line) => `- ${line}`),
    '## Outcomes',
    table(['operation', 'outcome', 'count'], outcomes),
    '## Chaos injected',
    [...stats.faults].sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name} ×${count}`).join(', '),
    '## Upstream requests',
    table(['simulator', 'requests', 'writes', '2xx', '4xx', '5xx', 'no answer'], upstream),
    '## Memory',
    table(['', 'before', 'after'], [['rss', mb(before.rss), mb(after.rss)], ['heapUsed', mb(before.heapUsed), mb(after.heapUsed)]]),
  ].join('\n\n');
}

async function main(): Promise<number> {
  const started = await Promise.all(providers.map((module) => module.startSimulator()));
  const simulators = started.map((entry) => entry.server);
  const env = { ...Object.fromEntries(started.flatMap((entry) => Object.entries(entry.env))), ...ENV };
  const gateway = createGateway(loadConfig(env), { logger, drainTimeoutMs: 3_000 });
  try {
    const url = `${await gateway.listen(0, '127.0.0.1')}/graphql`;
    const before = process.memoryUsage();
    const startedAt = performance.now();
    let finished = false;
    const chaosDone = chaos(simulators, () => finished);
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(url, startedAt + MAX_SECONDS * 1000)));
    finished = true;
    await chaosDone;
    const seconds = (performance.now() - startedAt) / 1000;
    globalThis.gc?.();
    const duplicates = duplicatedWrites(simulators);
    console.log(report(simulators, duplicates, seconds, [before, process.memoryUsage()]));
    return stats.crashes.length + duplicates.length + stats.overDeadline > 0 ? 1 : 0;
  } finally {
    // Bounded: if closing hangs, the process still ends.
    setTimeout(() => process.exit(2), 10_000).unref();
    await gateway.close();
    await Promise.all(simulators.map((simulator) => simulator.close()));
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
