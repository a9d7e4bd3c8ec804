/**
 * The processes one bench measures and how a run goes through them: the simulators' process, one
 * process per gateway variant, the replicas groups (with Redis for some), one per peer (Apollo,
 * Yoga, Mesh) and the direct baseline. Only the processes the plan sends load to are started.
 * `run` makes one planned run, checked before and after, and turns it into a row.
 */
// The tests' helper: the machine's Redis on 6379 when it answers, else a private redis-server.
import { deleteKeys, sharedRedis, testPrefix } from '../test/redis-harness.ts';
import { Child } from './child.ts';
import { type DirectOperation, directTargets, runLoop } from './direct.ts';
import { cannonAll, verify } from './load.ts';
import { isPeer, PEER_VARIANTS, type PeerDocument, type PeerVariant, peerDocument } from './peers/documents.ts';
import type { Plan } from './plan.ts';
import type { GatewayInfo, Idle, LoggedCall, SimulatorsInfo, SimulatorsWindow, Usage } from './protocol.ts';
import type { Row, Variant } from './report.ts';
import { combined, row } from './rows.ts';
import { scenario } from './scenarios.ts';
import { CONNECTIONS, GATEWAY_NODE_FLAGS, SECONDS, WARMUP_SECONDS } from './settings.ts';
import { GATEWAY_VARIANTS, type GatewayVariant, GROUP_VARIANTS, type GroupVariant, REPLICAS_ENV } from './variants.ts';

export class Bench {
  readonly simulators = Child.simulators();
  readonly gateways = new Map<GatewayVariant, { child: Child; info: GatewayInfo }>();
  readonly groups = new Map<GroupVariant, { child: Child; info: GatewayInfo }[]>();
  readonly peers = new Map<PeerVariant, { child: Child; info: GatewayInfo }>();
  readonly redisPrefix = testPrefix().replace('ssogw-test-', 'ssogw-bench-');
  redis: Awaited<ReturnType<typeof sharedRedis>> | undefined;
  info!: SimulatorsInfo;
  direct!: Awaited<ReturnType<typeof directTargets>>;

  /** Starts the processes of `needed` (the `gateway` variant always: the idle footprint is measured on it). */
  async start(needed: Set<Variant>, openapiDir: string): Promise<void> {
    await this.simulators.ready;
    this.info = await this.simulators.send<SimulatorsInfo>({ cmd: 'init' });
    for (const [variant, { env }] of Object.entries(GATEWAY_VARIANTS) as [GatewayVariant, { env: Record<string, string> }][]) {
      if (variant === 'gateway' || needed.has(variant)) this.gateways.set(variant, await this.startGateway(env));
    }
    for (const peer of PEER_VARIANTS) {
      if (!needed.has(peer)) continue;
      const child = Child.peer();
      await child.ready;
      const env = { ...this.info.env, BENCH_PEER: peer, BENCH_OPENAPI_DIR: openapiDir };
      this.peers.set(peer, { child, info: await child.send<GatewayInfo>({ cmd: 'init', env }) });
    }
    const wanted = (Object.entries(GROUP_VARIANTS) as [GroupVariant, (typeof GROUP_VARIANTS)[GroupVariant]][]).filter(([variant]) =>
      needed.has(variant),
    );
    if (wanted.length > 0) this.redis = await sharedRedis();
    const groups = wanted.map(async ([variant, { size, redis }]) => {
      // Each Redis group has a prefix of its own: the one-gateway row must not find the three's cache warm.
      const shared: Record<string, string> =
        redis && this.redis
          ? { REDIS_URL: this.redis.url, REDIS_KEY_PREFIX: `${this.redisPrefix}${variant}:`, GATEWAY_REPLICAS: String(size) }
          : {};
      this.groups.set(variant, await Promise.all(Array.from({ length: size }, () => this.startGateway({ ...REPLICAS_ENV, ...shared }))));
    });
    await Promise.all(groups);
    this.direct = await directTargets(this.info.env, CONNECTIONS);
  }

  async startGateway(env: Record<string, string>): Promise<{ child: Child; info: GatewayInfo }> {
    const child = Child.gateway(GATEWAY_NODE_FLAGS);
    await child.ready;
    const info = await child.send<GatewayInfo>({ cmd: 'init', env: { ...this.info.env, ...env } });
    return { child, info };
  }

  /** The servers a variant's load goes to: one gateway or peer, or a group's gateways. */
  targets(variant: Exclude<Variant, 'direct'>) {
    if (isPeer(variant)) return [this.peer(variant)];
    return variant in GROUP_VARIANTS ? (this.groups.get(variant as GroupVariant) ?? []) : [this.gateway(variant as GatewayVariant)];
  }

  peer(variant: PeerVariant) {
    const entry = this.peers.get(variant);
    if (!entry) throw new Error(`no ${variant} peer`);
    return entry;
  }

  /** The document a variant is sent for a scenario: the gateway's, or the peer's equivalent. */
  document(variant: Variant, name: Plan['scenario']): PeerDocument {
    const document = isPeer(variant) ? peerDocument(variant, name, this.info.env) : scenario(name);
    if (!document) throw new Error(`${variant} does not run ${name}`);
    return document;
  }

  /** RSS and live heap of a process at rest, a few seconds after it started and before any load. */
  async idle(variant: GatewayVariant | PeerVariant): Promise<Idle> {
    const entry = isPeer(variant) ? this.peer(variant) : this.gateway(variant);
    return entry.child.send<Idle>({ cmd: 'idle' });
  }

  gateway(variant: GatewayVariant) {
    const entry = this.gateways.get(variant);
    if (!entry) throw new Error(`no ${variant} gateway`);
    return entry;
  }

  /** The upstream calls one operation makes, from the simulators' request logs. */
  async probe(send: () => Promise<unknown>): Promise<string[]> {
    await this.simulators.send({ cmd: 'calls' });
    await send();
    const calls = await this.simulators.send<LoggedCall[]>({ cmd: 'calls' });
    return calls.map((call) => `${call.simulator} ${call.method} ${call.path}${call.query}`);
  }

  async run(step: Plan): Promise<Row> {
    const operation: DirectOperation | undefined =
      step.variant === 'direct' && step.scenario !== 'replicas' ? this.direct[step.scenario] : undefined;
    const gateways = step.variant === 'direct' ? [] : this.targets(step.variant);
    const urls = gateways.map((gateway) => gateway.info.graphqlUrl);
    const document = step.variant === 'direct' ? undefined : this.document(step.variant, step.scenario);
    for (const url of urls) await verify(url, step.scenario, document, 'before the run');
    if (!operation && urls.length === 0) throw new Error(`no gateway for ${step.variant}`);
    if (operation) await operation();
    const load = (seconds: number) =>
      operation
        ? runLoop(operation, step.connections, seconds)
        : cannonAll(urls, document?.query ?? '', seconds, step.connections, step.rate);
    if (WARMUP_SECONDS > 0) await load(WARMUP_SECONDS);
    await Promise.all([this.simulators.send({ cmd: 'begin' }), ...gateways.map((gateway) => gateway.child.send({ cmd: 'begin' }))]);
    const measured = await load(SECONDS);
    const [upstream, ...own] = await Promise.all([
      this.simulators.send<SimulatorsWindow>({ cmd: 'end' }),
      ...gateways.map((gateway) => gateway.child.send<Usage>({ cmd: 'end' })),
    ]);
    for (const url of urls) await verify(url, step.scenario, document, 'after the run');
    return row(step, measured, upstream as SimulatorsWindow, combined(own as Usage[]));
  }

  async close(): Promise<void> {
    await this.direct?.close();
    const children = [...this.gateways.values(), ...this.peers.values(), ...[...this.groups.values()].flat()];
    await Promise.all(children.map(({ child }) => child.close()));
    await this.simulators.close();
    if (this.redis) {
      await deleteKeys(this.redis.url, this.redisPrefix);
      await this.redis.close();
    }
  }
}
