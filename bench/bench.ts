/**
 * The processes one bench measures and how a run goes through them: the simulators' process, one
 * process per gateway variant, the replicas groups (with Redis for some) and the direct baseline.
 * `run` makes one planned run, checked before and after, and turns it into a row.
 */
// The tests' helper: the machine's Redis on 6379 when it answers, else a private redis-server.
import { deleteKeys, sharedRedis, testPrefix } from '../test/redis-harness.ts';
import { Child } from './child.ts';
import { type DirectOperation, directTargets, runLoop } from './direct.ts';
import { cannonAll, verify } from './load.ts';
import type { Plan } from './plan.ts';
import type { GatewayInfo, LoggedCall, SimulatorsInfo, SimulatorsWindow, Usage } from './protocol.ts';
import type { Row, Variant } from './report.ts';
import { combined, row } from './rows.ts';
import { scenario } from './scenarios.ts';
import { CONNECTIONS, GATEWAY_NODE_FLAGS, SECONDS, WARMUP_SECONDS } from './settings.ts';
import { GATEWAY_VARIANTS, type GatewayVariant, GROUP_VARIANTS, type GroupVariant, REPLICAS_ENV } from './variants.ts';

export class Bench {
  readonly simulators = Child.simulators();
  readonly gateways = new Map<GatewayVariant, { child: Child; info: GatewayInfo }>();
  readonly groups = new Map<GroupVariant, { child: Child; info: GatewayInfo }[]>();
  readonly redisPrefix = testPrefix().replace('ssogw-test-', 'ssogw-bench-');
  redis: Awaited<ReturnType<typeof sharedRedis>> | undefined;
  info!: SimulatorsInfo;
  direct!: Awaited<ReturnType<typeof directTargets>>;

  async start(): Promise<void> {
    await this.simulators.ready;
    this.info = await this.simulators.send<SimulatorsInfo>({ cmd: 'init' });
    for (const [variant, { env }] of Object.entries(GATEWAY_VARIANTS) as [GatewayVariant, { env: Record<string, string> }][]) {
      this.gateways.set(variant, await this.startGateway(env));
    }
    this.redis = await sharedRedis();
    const groups = (Object.entries(GROUP_VARIANTS) as [GroupVariant, (typeof GROUP_VARIANTS)[GroupVariant]][]).map(
      async ([variant, { size, redis }]) => {
        // Each Redis group has a prefix of its own: the one-gateway row must not find the three's cache warm.
        const shared: Record<string, string> =
          redis && this.redis
            ? { REDIS_URL: this.redis.url, REDIS_KEY_PREFIX: `${this.redisPrefix}${variant}:`, GATEWAY_REPLICAS: String(size) }
            : {};
        this.groups.set(variant, await Promise.all(Array.from({ length: size }, () => this.startGateway({ ...REPLICAS_ENV, ...shared }))));
      },
    );
    await Promise.all(groups);
    this.direct = await directTargets(this.info.env, CONNECTIONS);
  }

  async startGateway(env: Record<string, string>): Promise<{ child: Child; info: GatewayInfo }> {
    const child = Child.gateway(GATEWAY_NODE_FLAGS);
    await child.ready;
    const info = await child.send<GatewayInfo>({ cmd: 'init', env: { ...this.info.env, ...env } });
    return { child, info };
  }

  /** The gateways a variant's load goes to: one, or a group's. */
  targets(variant: Exclude<Variant, 'direct'>) {
    return variant in GROUP_VARIANTS ? (this.groups.get(variant as GroupVariant) ?? []) : [this.gateway(variant as GatewayVariant)];
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
    for (const url of urls) await verify(url, step.scenario, 'before the run');
    if (!operation && urls.length === 0) throw new Error(`no gateway for ${step.variant}`);
    if (operation) await operation();
    const load = (seconds: number) =>
      operation ? runLoop(operation, step.connections, seconds) : cannonAll(urls, scenario(step.scenario).query, seconds, step.connections);
    if (WARMUP_SECONDS > 0) await load(WARMUP_SECONDS);
    await Promise.all([this.simulators.send({ cmd: 'begin' }), ...gateways.map((gateway) => gateway.child.send({ cmd: 'begin' }))]);
    const measured = await load(SECONDS);
    const [upstream, ...own] = await Promise.all([
      this.simulators.send<SimulatorsWindow>({ cmd: 'end' }),
      ...gateways.map((gateway) => gateway.child.send<Usage>({ cmd: 'end' })),
    ]);
    for (const url of urls) await verify(url, step.scenario, 'after the run');
    return row(step, measured, upstream as SimulatorsWindow, combined(own as Usage[]));
  }

  async close(): Promise<void> {
    await this.direct?.close();
    await Promise.all([...this.gateways.values(), ...[...this.groups.values()].flat()].map(({ child }) => child.close()));
    await this.simulators.close();
    if (this.redis) {
      await deleteKeys(this.redis.url, this.redisPrefix);
      await this.redis.close();
    }
  }
}
