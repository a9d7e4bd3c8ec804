/**
 * What a provider slice offers the rest of the gateway. Shared code talks to providers only
 * through this interface; the registry (`index.ts`) lists the modules.
 */
import type { ReadCache } from '../cache/read-cache.ts';
import type { Config } from '../config.ts';
import type { SsoConnectionShape } from '../graph/sso-connection.ts';
import type { UpstreamBudget } from '../http/upstream-budget.ts';
import type { UpstreamCall } from '../http/upstream-call.ts';
import type { UpstreamStatus } from '../http/upstream-guard.ts';
import type { Logger } from '../logger.ts';
import type { UpstreamObserver } from '../observability/metrics.ts';
import type { SharedValues } from '../shared-state/shared-state.ts';
import type { SimulatorServer } from '../simulator-kit.ts';
import type { ProviderId } from './provider-id.ts';

export type { UpstreamCall };

export interface ProviderClient {
  close(): Promise<void>;
  /** Circuit state, last failure and rate-limit headroom of the provider's upstream. */
  status(): UpstreamStatus;
}

/** What the gateway hands every provider client it builds. */
export interface ClientDeps {
  logger: Logger;
  /** The read cache shared across requests; every client gives it its reads' resource tags. */
  cache?: ReadCache | undefined;
  /** Receives every upstream call's outcome and duration (Prometheus metrics). */
  observer?: UpstreamObserver | undefined;
  /** Counts calls against each provider's `rateLimit` (shared by replicas through Redis). */
  budget?: UpstreamBudget | undefined;
  /** Values replicas share (the Logto token); `undefined` without Redis. */
  shared?: SharedValues | undefined;
}

/** How a request's loaders behave (`GATEWAY_BATCHING`). */
export interface LoaderSettings {
  /** Off: no batching and no per-request de-duplication, one upstream call per field (naive baseline). */
  batch: boolean;
  /** Told the size of every batch a loader runs (the DataLoader batch-size metric). */
  onBatch?: ((loader: string, size: number) => void) | undefined;
}

export interface SandboxSimulator {
  server: SimulatorServer;
  /** The environment variables that point a live-mode gateway at this simulator. */
  env: Record<string, string>;
}

export interface ProviderModule<Id extends ProviderId, Client extends ProviderClient, Loaders> {
  id: Id;
  /** `undefined` when the provider has no credentials in `config`. */
  createClient(config: Config, deps: ClientDeps): Client | undefined;
  /** Called once per GraphQL request: loaders never outlive it, so nothing they memoise is shared. */
  createLoaders(client: Client, call: UpstreamCall, settings: LoaderSettings): Loaders;
  /** Every SSO connection the provider holds, for `Query.ssoConnections`. */
  listSsoConnections(loaders: Loaders): Promise<SsoConnectionShape[]>;
  /** Starts the simulator with demo data on 127.0.0.1:0. */
  startSimulator(): Promise<SandboxSimulator>;
}

export type AnyProviderModule = ProviderModule<ProviderId, ProviderClient, unknown>;
