/**
 * The load sent through gateways: one checked GraphQL request (before and after each run, so a
 * run that measured errors is caught), and autocannon runs against one gateway or a whole group.
 */
import autocannon from 'autocannon';
import { type Scenario, scenario } from './scenarios.ts';

const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

export async function graphql(url: string, query: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: HEADERS, body: JSON.stringify({ query }) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

/** One request of `document` (a scenario's, or a peer's equivalent), its answer checked. */
export async function verify(url: string, name: Scenario['name'], document: Pick<Scenario, 'query' | 'check'> | undefined, when: string) {
  const { query, check } = document ?? scenario(name);
  const problem = check(await graphql(url, query));
  if (problem) throw new Error(`${name} (${when}): ${problem}`);
}

export interface Measured {
  latencies: number[];
  errors: number;
  seconds: number;
  firstError?: string | undefined;
}

/** One autocannon run; latencies of 2xx answers are collected here for p95 (autocannon reports p97.5). */
function cannon(url: string, query: string, seconds: number, connections: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      { url, method: 'POST', headers: HEADERS, body: JSON.stringify({ query }), connections, duration: seconds, timeout: 10 },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        const errors = result.non2xx + result.errors;
        resolve({
          latencies,
          errors,
          seconds: result.duration,
          firstError: errors ? `${result.non2xx} non-2xx, ${result.errors} transport errors` : undefined,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, time) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
  });
}

/** Several gateways loaded at once (a group), each with its share of the connections, as one run. */
export async function cannonAll(urls: string[], query: string, seconds: number, connections: number): Promise<Measured> {
  const runs = await Promise.all(
    urls.map((url, index) =>
      cannon(url, query, seconds, Math.floor(connections / urls.length) + (index < connections % urls.length ? 1 : 0)),
    ),
  );
  const errors = runs.reduce((total, run) => total + run.errors, 0);
  return {
    latencies: runs.flatMap((run) => run.latencies),
    errors,
    seconds: Math.max(...runs.map((run) => run.seconds)),
    firstError: runs.find((run) => run.firstError)?.firstError,
  };
}
