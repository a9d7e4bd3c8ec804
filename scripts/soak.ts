/**
 * Soak test: the gateway under steady load while its upstreams misbehave. Starts every provider's
 * simulator and a live-mode gateway on loopback, sends GraphQL reads and writes over HTTP from a
 * pool of workers while a chaos loop injects faults, then prints a Markdown report.
 *
 *   npm run soak                                   # 3000 requests, 24 workers, at most 90 s
 *   npm run soak -- --requests=400 --concurrency=64 --max-seconds=30
 *   SOAK_REQUESTS=400 node --expose-gc --import tsx scripts/soak.ts   # heap measured after a GC
 *
 * Exits 1 when a must-be-zero counter is not zero: crashes (HTTP status other than 200, a body
 * that is not JSON, a fetch failure or no answer in 7 s, an INTERNAL code or "Unexpected error."),
 * duplicated writes (one write's marker in two upstream write requests) or operations that took
 * longer than the gateway's deadline plus 1 s. Exits 2 if it is still running 30 s past its cap.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../src/config/gateway.ts';
import type { Logger } from '../src/logger.ts';
import { providers } from '../src/providers/index.ts';
import type { Fault } from '../src/sandbox/faults.ts';
import type { SimulatorServer } from '../src/sandbox/simulator-kit.ts';
import { createGateway } from '../src/server.ts';

/** `--requests=N` on the command line (`npm run soak -- --requests=400`), else `SOAK_REQUESTS`, else the default. */
function setting(flag: string, fallback: number): number {
  const name = `SOAK_${flag.toUpperCase().replace('-', '_')}`;
  const value = Number(process.argv.find((arg) => arg.startsWith(`--${flag}=`))?.split('=')[1] ?? process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} (--${flag}) must be a positive whole number`);
  return value;
}
const REQUESTS = setting('requests', 3000);
const CONCURRENCY = setting('concurrency', 24);
const MAX_SECONDS = setting('max-seconds', 90);
const DEADLINE_MS = 2_000;
const OVER_DEADLINE_MS = DEADLINE_MS + 1_000;
/** The client gives up well after the deadline, so a stuck gateway cannot stall the run. */
const CLIENT_TIMEOUT_MS = DEADLINE_MS + 5_000;
const ENV: Record<string, string> = {
  SSO_GATEWAY_MODE: 'live',
  // One anonymous caller on loopback: auth and the per-caller write limit would only turn most
  // writes away before they reach an upstream, and upstream behaviour is what is soaked here.
  GATEWAY_AUTH_MODE: 'none',
  GATEWAY_WRITE_RATE_LIMIT: '1000000/1m',
  GATEWAY_REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
  // Short, so circuits open under chaos and close again within the run.
  GATEWAY_CIRCUIT_OPEN_MS: '500',
  // Every operation has ended when the gateway closes; this only bounds a stuck close.
  GATEWAY_SHUTDOWN_TIMEOUT_MS: '3000',
  ...Object.fromEntries(['VANTAGE', 'DATOCMS', 'STYTCH', 'LOGTO', 'PANDASTACK'].map((id) => [`${id}_TIMEOUT_MS`, '1500'])),
};

// Demo ids of the simulators (README, "What the sandbox contains").
const VANTAGE_ACME = 'acct_1f4e2b7c9d0a3e5f';
const STYTCH_ACME = 'organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931';
const STYTCH_SAML = 'saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9';
const LOGTO_CONNECTORS = ['k2x8m4q1v7zb', 'p9d3f6h2j5lw', 'e8w6q4r2t0yp'];

/** `field` is the operation's only root field, whose result decides the outcome. */
interface Operation {
  field: string;
  mutation: boolean;
  query: string;
  variables?: Record<string, unknown>;
}
interface Result {
  outcome: string;
  ms: number;
  detail?: string;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const get = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

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
  (n) =>
    write('updateLogtoSsoConnector', {
      connectorId: pick(LOGTO_CONNECTORS),
      ...(n % 2 ? { connectorName: marker(n) } : { domains: [`${marker(n)}.example`] }),
    }),
  (n) => write('updatePandaStackSso', { enabled: true, domains: [`${marker(n)}.example`] }),
  (n) => write('updateDatoCmsSsoSettings', { idpSamlMetadataUrl: `https://idp.example/${marker(n)}/metadata` }),
  (n) =>
    write('updateStytchSamlConnectionByUrl', {
      organizationId: STYTCH_ACME,
      connectionId: STYTCH_SAML,
      metadataUrl: `https://idp.example/${marker(n)}/saml/metadata`,
    }),
];

/** Mutations: the union member; queries: `ok`, `partial` (ssoConnections failures) or the first error code. */
function outcomeOf(operation: Operation, body: unknown): string {
  const errors = get(body, 'errors');
  const list: unknown[] = Array.isArray(errors) ? errors : [];
  const failures = get(get(get(body, 'data'), operation.field), 'failures');
  const internal = [...list, ...(Array.isArray(failures) ? failures : [])].some(
    (error) =>
      get(error, 'message') === 'Unexpected error.' ||
      get(error, 'code') === 'INTERNAL' ||
      get(get(error, 'extensions'), 'code') === 'INTERNAL',
  );
  if (internal) return 'crash';
  const typename = get(get(get(body, 'data'), operation.field), '__typename');
  if (operation.mutation && typeof typename === 'string') return typename;
  if (list.length > 0) return String(get(get(list[0], 'extensions'), 'code') ?? 'NO_CODE');
  if (operation.mutation) return 'crash';
  return Array.isArray(failures) && failures.length > 0 ? 'partial' : 'ok';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function send(url: string, operation: Operation): Promise<Result> {
  const started = performance.now();
  const ms = () => performance.now() - started;
  try {
    const body = JSON.stringify({ query: operation.query, variables: operation.variables });
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    const text = await response.text();
    if (response.status !== 200) return { outcome: 'crash', ms: ms(), detail: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    const json = parseJson(text);
    if (json === undefined) return { outcome: 'crash', ms: ms(), detail: `not JSON: ${text.slice(0, 200)}` };
    const outcome = outcomeOf(operation, json);
    return { outcome, ms: ms(), ...(outcome === 'crash' ? { detail: text.slice(0, 300) } : {}) };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { outcome: 'crash', ms: ms(), detail: timedOut ? `no answer in ${CLIENT_TIMEOUT_MS} ms` : `fetch failed: ${String(error)}` };
  }
}

const stats = {
  sent: 0,
  mutations: 0,
  outcomes: new Map<string, number>(),
  crashes: [] as string[],
  maxMs: 0,
  overDeadline: [] as string[],
  faults: new Map<string, number>(),
};
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

function record(operation: Operation, result: Result): void {
  bump(stats.outcomes, `${operation.field}\t${result.outcome}`);
  if (operation.mutation) stats.mutations += 1;
  stats.maxMs = Math.max(stats.maxMs, result.ms);
  const line = `${operation.field} → ${result.outcome} in ${Math.round(result.ms)} ms${result.detail ? `: ${result.detail}` : ''}`;
  if (result.ms > OVER_DEADLINE_MS) stats.overDeadline.push(line);
  if (result.outcome === 'crash') stats.crashes.push(line);
}

async function worker(url: string, endAt: number): Promise<void> {
  while (stats.sent < REQUESTS && performance.now() < endAt) {
    stats.sent += 1;
    const n = stats.sent;
    const operation = Math.random() < 0.6 ? pick(READS) : pick(WRITES)(n);
    record(operation, await send(url, operation));
  }
}

const fault = (name: string, make: () => Fault): [string, (simulator: SimulatorServer) => void] => [
  name,
  (simulator) => simulator.injectFault(make()),
];
/** What the chaos loop may do to a simulator; faults wait there for the next matching request. */
const CHAOS: [string, (simulator: SimulatorServer) => void][] = [
  fault('503', () => ({ status: 503, times: 1 + Math.floor(Math.random() * 3) })),
  fault('502', () => ({ status: 502 })),
  fault('429 retry-after 1', () => ({ status: 429, headers: { 'retry-after': '1' } })),
  fault('429 retry-after 30', () => ({ status: 429, headers: { 'retry-after': '30' } })),
  fault('hang', () => ({ kind: 'hang' })),
  fault('reset', () => ({ kind: 'reset' })),
  fault('malformed', () => ({ kind: 'malformed' })),
  fault('wrong-content-type', () => ({ kind: 'wrong-content-type' })),
  fault('delay 300 ms', () => ({ kind: 'delay', delayMs: 300 })),
  [
    'latency 0–50 ms',
    (simulator) => {
      simulator.latencyMs = Math.floor(Math.random() * 51);
    },
  ],
  ['clear faults', (simulator) => simulator.clearFaults()],
];

async function chaos(simulators: SimulatorServer[], done: () => boolean): Promise<void> {
  while (!done()) {
    const [name, act] = pick(CHAOS);
    act(pick(simulators));
    bump(stats.faults, name);
    await sleep(100);
  }
}

/** Markers seen in more than one upstream write request (any simulator), and how many were seen at all. */
function duplicatedWrites(simulators: SimulatorServer[]): { duplicates: string[]; markers: number } {
  const seen = new Map<string, string[]>();
  for (const simulator of simulators) {
    for (const entry of simulator.requests.filter((e) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(e.method))) {
      for (const found of new Set(JSON.stringify(entry.body ?? null).match(MARKERS))) {
        seen.set(found, [...(seen.get(found) ?? []), `${simulator.name} ${entry.method} ${entry.path} → ${entry.status}`]);
      }
    }
  }
  const duplicates = [...seen].filter(([, requests]) => requests.length > 1).map(([found, requests]) => `${found}: ${requests.join('; ')}`);
  return { duplicates, markers: seen.size };
}

function upstreamRows(simulators: SimulatorServer[]): (string | number)[][] {
  return simulators.map(({ name, requests }) => {
    const count = (test: (status: number) => boolean) => requests.filter((entry) => test(entry.status)).length;
    return [
      name,
      requests.length,
      count((s) => s > 0 && s < 400),
      count((s) => s >= 400 && s < 500),
      count((s) => s >= 500),
      count((s) => s === 0),
    ];
  });
}

// Counted, not printed: the report owns stdout, and error lines can reveal failures answered as data.
const logLines = new Map<string, number>();
const counting = (level: string) => (message: string) => void bump(logLines, `${level}: ${message.split('\n')[0]?.slice(0, 100)}`);
const logger: Logger = { debug: () => undefined, info: () => undefined, warn: counting('warn'), error: counting('error') };

// One audit record per mutation attempt is the gateway's promise; counted by outcome to check it.
const audits = new Map<string, number>();
const auditWrite = (line: string) => void bump(audits, String(get(parseJson(line), 'outcome') ?? 'unreadable'));

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

interface Summary {
  seconds: number;
  duplicates: string[];
  markers: number;
  upstream: (string | number)[][];
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
}

function report({ seconds, duplicates, markers, upstream, before, after }: Summary): string {
  const settings = [
    ['requests', `${stats.sent} of ${REQUESTS}${stats.sent < REQUESTS ? ' (time cap reached)' : ''}, ${CONCURRENCY} workers`],
    ['duration', `${seconds.toFixed(1)} s (cap ${MAX_SECONDS} s), ${(stats.sent / seconds).toFixed(1)} requests/s`],
    ['max operation duration', `${Math.round(stats.maxMs)} ms (gateway deadline ${DEADLINE_MS} ms)`],
    // Client, gateway and simulators share one event loop: a long stall here inflates every duration.
    ['event-loop delay', `p99 ${Math.round(loopDelay.percentile(99) / 1e6)} ms, max ${Math.round(loopDelay.max / 1e6)} ms`],
  ];
  return [
    '# Soak report',
    table(['', ''], settings),
    '## Must be zero',
    table(
      ['counter', 'value'],
      [
        ['crashes', stats.crashes.length],
        [`duplicated writes (of ${markers} write markers seen upstream)`, duplicates.length],
        [`over deadline (> ${OVER_DEADLINE_MS} ms)`, stats.overDeadline.length],
      ],
    ),
    [...stats.crashes.slice(0, 5), ...duplicates.slice(0, 5), ...stats.overDeadline.slice(0, 5)].map((line) => `- ${line}`).join('\n'),
    '## Outcomes',
    table(
      ['operation', 'outcome', 'count'],
      sorted(stats.outcomes).map(([key, count]) => [...key.split('\t'), count]),
    ),
    `Audit records: ${[...audits.values()].reduce((a, b) => a + b, 0)} for ${stats.mutations} mutations sent (${sorted(audits)
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(', ')}).`,
    '## Chaos',
    sorted(stats.faults)
      .map(([name, count]) => `${name} ×${count}`)
      .join(', '),
    '## Upstream requests',
    table(['simulator', 'requests', '2xx/3xx', '4xx', '5xx', 'no answer'], upstream),
    '## Gateway warn and error log lines',
    table(['line', 'count'], sorted(logLines)),
    `## Memory${globalThis.gc ? '' : ' (run with node --expose-gc --import tsx for a collected heap)'}`,
    table(
      ['', 'before', 'after'],
      [
        ['rss', mb(before.rss), mb(after.rss)],
        ['heapUsed', mb(before.heapUsed), mb(after.heapUsed)],
      ],
    ),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Runs the workers and the chaos loop against a started stack; the report's numbers. */
async function soak(url: string, simulators: SimulatorServer[]): Promise<Summary> {
  const before = process.memoryUsage();
  loopDelay.enable();
  const startedAt = performance.now();
  let finished = false;
  const chaosDone = chaos(simulators, () => finished);
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(url, startedAt + MAX_SECONDS * 1000)));
  finished = true;
  await chaosDone;
  loopDelay.disable();
  const seconds = (performance.now() - startedAt) / 1000;
  const summary = { seconds, ...duplicatedWrites(simulators), upstream: upstreamRows(simulators) };
  // The simulators' request logs are the harness's memory, not the gateway's: dropped before measuring.
  for (const simulator of simulators) simulator.resetLog();
  globalThis.gc?.();
  return { ...summary, before, after: process.memoryUsage() };
}

async function main(): Promise<number> {
  const started = await Promise.all(providers.map((module) => module.sandbox()));
  const simulators = started.map((entry) => entry.server);
  const env = { ...Object.fromEntries(started.flatMap((entry) => Object.entries(entry.env))), ...ENV };
  try {
    const gateway = createGateway(loadConfig(env, providers), { logger, auditWrite });
    try {
      const summary = await soak(`${await gateway.listen(0, '127.0.0.1')}/graphql`, simulators);
      console.log(report(summary));
      return stats.crashes.length + summary.duplicates.length + stats.overDeadline.length > 0 ? 1 : 0;
    } finally {
      await gateway.close();
    }
  } finally {
    await Promise.all(simulators.map((simulator) => simulator.close()));
  }
}

// Armed first and unref'd: whatever hangs (a start, a close), the process ends past this bound.
setTimeout(
  () => {
    console.error('soak: still running past the wall-clock cap; exiting');
    process.exit(2);
  },
  (MAX_SECONDS + 30) * 1000,
).unref();

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  )
  // Everything is closed by now; a handle left open must not keep the process alive.
  .finally(() => setTimeout(() => process.exit(), 5_000).unref());
