/**
 * The load sent through gateways: one checked GraphQL request (before and after each run, so a
 * run that measured errors is caught), and autocannon runs against one gateway or a whole group,
 * closed-loop or at an offered rate.
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

/**
 * One autocannon run; latencies of 2xx answers are collected here for p95 (autocannon reports
 * p97.5). With `connectionRate` (req/s per connection), each connection sends that many requests
 * a second (one after another, as answers come), then waits for the next second; a server too slow
 * for the rate takes longer for them, so the achieved req/s shows it. A whole rate per connection:
 * autocannon rounds a group's share of an overall rate down per connection, which offered the
 * three-gateway groups a quarter less than the one-gateway ones.
 */
function cannon(url: string, query: string, seconds: number, connections: number, connectionRate?: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const options: autocannon.Options = {
      url,
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ query }),
      connections,
      duration: seconds,
      timeout: 10,
    };
    const instance = autocannon(
      // At a rate, a fixed number of requests instead of a duration: every group then sends the same
      // operations over the same span of cache TTLs, so their upstream calls per operation compare.
      connectionRate === undefined ? options : { ...options, connectionRate, amount: Math.round(connectionRate * connections * seconds) },
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

/** `total` split as evenly as whole numbers allow; the first `total % parts` shares get one more. */
const share = (total: number, parts: number, index: number) => Math.floor(total / parts) + (index < total % parts ? 1 : 0);

/**
 * Several gateways loaded at once (a group), each with its share of the connections and, given a
 * total `rate` (req/s), the same rate on every connection, as a round-robin load balancer would
 * split them.
 */
export async function cannonAll(urls: string[], query: string, seconds: number, connections: number, rate?: number): Promise<Measured> {
  // A whole rate per connection (autocannon reads 0 as "no limit"), so the total is the rate offered.
  if (rate !== undefined && (rate % connections !== 0 || rate < connections))
    throw new Error(`a rate of ${rate} req/s cannot be split evenly over ${connections} connections`);
  const runs = await Promise.all(
    urls.map((url, index) =>
      cannon(url, query, seconds, share(connections, urls.length, index), rate === undefined ? undefined : rate / connections),
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
