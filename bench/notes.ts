/**
 * The notes printed under the bench's table: the machine, how each variant and column is made,
 * and what the replicas and nplus1 rows assume. Written here so the numbers are read as meant.
 */
import { availableParallelism, cpus } from 'node:os';
import { PEER_GAPS, PEERS } from './peers/documents.ts';
import { DEDUP_ALIASES, NPLUS1_ITEMS } from './scenarios.ts';
import { CONNECTIONS, REPLICAS_RATE, SECONDS, WARMUP_SECONDS } from './settings.ts';
import { GATEWAY_VARIANTS, GROUP_VARIANTS, REPLICAS_LATENCY } from './variants.ts';

export function notes(seconds: number): string[] {
  const cores = availableParallelism();
  return [
    `Machine: ${cores} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}. ${SECONDS} s per run after ${WARMUP_SECONDS} s of warm-up, loopback HTTP, closed loop (each connection sends its next operation when the last one is answered) except the replicas rows, which are offered a fixed rate (below). Whole bench: ${seconds.toFixed(0)} s.`,
    ...Object.entries(GATEWAY_VARIANTS).map(([name, { description }]) => `\`${name}\`: ${description}.`),
    '`direct`: the same upstream calls with undici alone (one keep-alive pool per origin, as many sockets as connections, bodies read and JSON-parsed, the Logto token fetched once beforehand), independent calls at once. No GraphQL, no validation, no auth: the floor.',
    ...Object.entries(PEERS).map(([name, description]) => `\`${name}\` (peer): ${description}.`),
    `Peers: run at 0 ms upstream latency against the same simulators' process with the same credentials and the gateways' STYTCH_ORGANIZATION_IDS, each in a compiled process of its own, measured like a gateway (its CPU and RSS are in the gateway columns). None logs anything per request, like the bench's gateways; none caches across requests (the \`gateway\` variant's read cache is off). Apollo and Yoga get the gateway's own documents; Mesh gets documents with its field names that make the same upstream reads (\`bench/peers/documents.ts\`). Mesh's Logto token is fetched once at start and sent as a static header.`,
    "`yoga` is a reference, not a goal: Yoga is what the gateway is built on, so the Targets' `reference` rows (gateway ÷ yoga, apollo ÷ yoga) show how far the gateway's own work and Apollo's server are from that floor with the same resolvers.",
    ...Object.entries(PEER_GAPS.mesh)
      .filter(([scenario]) => scenario === 'nplus1')
      .map(([scenario, why]) => `\`mesh\` has no ${scenario} row: ${why}.`),
    `dedup: ${DEDUP_ALIASES} aliases (the gateway's default GATEWAY_MAX_ALIASES) of one Stytch SAML connection through \`stytchSamlConnection\`; the gateway, Apollo and Yoga read the organization's connections once, \`naive\` and Mesh once per alias.`,
    "Every gateway and the direct loop are given STYTCH_ORGANIZATION_IDS (the simulator's organizations), except `discovery`, which searches Stytch's organizations first: one more round trip.",
    'The 1-connection rows measure one operation alone (the latency targets); the others measure throughput under load, where latency is mostly queueing.',
    'Latency percentiles are per operation as the client saw it (nearest rank over every 2xx answer); req/s counts completed operations.',
    "`upstream calls/op`: growth of the five simulators' request logs during the run over completed operations (calls still in flight at the end count, their operations do not). A `cached` row is below 1 when most reads are hits.",
    "`gateway CPU ms/op`: user + system CPU time of the gateway's process over the run, per completed operation. `gateway peak RSS MB`: its RSS sampled every 50 ms (after a full GC at the start of the run). The simulators and the load generator run in other processes.",
    "Simulator rate limits (Vantage 1,000 an hour, DatoCMS 60 per 3 s) are lifted for the load, and so are the gateways' own upstream budgets (`<PROVIDER>_RATE_LIMIT=off`).",
    ...Object.entries(GROUP_VARIANTS).map(([name, { description }]) => `\`${name}\`: ${description}.`),
    `replicas: the fanout operation at ${REPLICAS_LATENCY} ms upstream latency with GATEWAY_CACHE_TTL_MS=1000, through one and three gateways, with and without Redis. At a fixed rate: every group is offered the same ${REPLICAS_RATE} req/s in total (BENCH_REPLICAS_RATE), as ${REPLICAS_RATE / CONNECTIONS} req/s on each of the ${CONNECTIONS} connections, which are split evenly over its gateways, and every group sends the same ${REPLICAS_RATE} × ${SECONDS} operations (autocannon's connectionRate and amount: each connection sends its requests of a second one after another as answers come back, then waits for the next second; still one operation in flight per connection, so it is not a true open loop). So upstream calls/op (who refills the cache how often) and gateway CPU ms/op compare the groups at equal load; closed loop, a slower group made more calls per operation for the same calls per second. Their req/s is the rate achieved: below ${REPLICAS_RATE}, the group could not keep up, and a Redis target whose rows are below 95% of it gives no verdict (its loads differed).`,
    `A group's CPU ms/op is the sum over its processes, its peak RSS the largest of them. Redis: the machine's on 127.0.0.1:6379 when it answers (a private redis-server otherwise), keys under a prefix of this run, deleted at the end.`,
    `nplus1: Logto holds exactly ${NPLUS1_ITEMS} connectors (seeded in the simulator after the other scenarios ran, so fanout lists the 7 demo connectors).`,
  ];
}
