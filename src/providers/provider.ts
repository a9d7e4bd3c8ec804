/**
 * The contract between a provider slice and the rest of the gateway. A slice exports one module
 * built with `defineProvider`; shared code knows providers only through `ProviderModule` values,
 * which the composition roots take from the registry (`index.ts`) and hand down.
 */
import type { ReadCache } from '../cache/read-cache.ts';
import type { ChangePlanner, RequestChangePlanner } from '../change-plans/planner.ts';
import { type GatewayMode, type Read, requireTogether } from '../config/atoms.ts';
import { readUpstreamSettings, type UpstreamSettings } from '../config/upstream.ts';
import type { SsoConnectionShape } from '../graph/sso-connection.ts';
import type { UpstreamBudget } from '../http/upstream-budget.ts';
import type { UpstreamCall } from '../http/upstream-call.ts';
import type { UpstreamStatus } from '../http/upstream-guard.ts';
import type { Logger } from '../logger.ts';
import type { UpstreamObserver } from '../observability/metrics.ts';
import type { SimulatorServer } from '../sandbox/simulator-kit.ts';
import type { SharedValues } from '../shared-state/shared-state.ts';
import type { Rate } from '../shared-state/sliding-window.ts';
import type { ProviderId } from './provider-id.ts';

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

/**
 * Each slice adds its loaders here by declaration merging (`declare module '../provider.ts'`), so
 * `loadersOf(context, '<id>')` is typed without shared code importing the slice.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each slice's loaders.ts
export interface ProviderLoaders {}

/** A provider's environment variables: which enable it, which are secret, and its own settings. */
export interface ProviderConfigSpec<Settings> {
  /** Variables that enable the provider, all required together, in this order. */
  credentials: readonly string[];
  /**
   * Of those, the secrets: any of them set switches the default mode to live, and their values are
   * the key material that seals shared state (order matters: keep new ones at the end).
   */
  secrets: readonly string[];
  /** The budget of upstream calls in live mode unless `<PROVIDER>_RATE_LIMIT` says otherwise. */
  defaultRateLimit: Rate;
  /** Request headers of the caller that the client forwards upstream (CORS lets browsers send them; logs redact them). */
  forwardedHeaders?: readonly string[];
  /** The provider's own settings, read once all its credentials are set (`credentials` in the order above). */
  read(read: Read, credentials: readonly string[]): Settings;
}

/**
 * What a running gateway needs of a slice: its client, its per-request loaders, its listing.
 * Kept in the slice's `runtime.ts`, which also registers the slice's GraphQL types, and loaded
 * only when a gateway starts: reading the configuration (check-config) never pays for it.
 */
export interface ProviderRuntimeParts<Settings, Client extends ProviderClient, Loaders> {
  createClient(settings: Settings & { http: UpstreamSettings }, deps: ClientDeps): Client;
  /** Called at most once per GraphQL request: loaders never outlive it, so nothing they memoise is shared. */
  createLoaders(client: Client, call: UpstreamCall, settings: LoaderSettings): Loaders;
  /** Every SSO connection the provider holds, for `Query.ssoConnections` and the health report. */
  listSsoConnections(loaders: Loaders): Promise<SsoConnectionShape[]>;
  /** How the provider's SAML connections move to new IdP metadata (change plans); absent: it cannot. */
  changePlanner?: ChangePlanner<Loaders>;
}

/** A slice as its `index.ts` declares it, typed with its own settings, client and loaders. */
export interface ProviderSlice<Settings, Client extends ProviderClient, Loaders> {
  id: ProviderId;
  /** The product's name, for people (banners, check-config). */
  name: string;
  config: ProviderConfigSpec<Settings>;
  /** A dynamic import of `runtime.ts`. */
  runtime(): Promise<ProviderRuntimeParts<Settings, Client, Loaders>>;
  /** Its simulator with demo data on 127.0.0.1:0; a dynamic import, so live mode never loads it. */
  sandbox(): Promise<ProviderSandbox>;
}

/** A provider's simulator, started for sandbox mode or a test. */
export interface ProviderSandbox {
  server: SimulatorServer;
  /** The environment variables that point a live-mode gateway at this simulator. */
  env: Record<string, string>;
  /** What the simulator accepts, for the start-up banner: kinds of credential, never a value. */
  accepts: string;
  /** Demo values worth showing a newcomer (e.g. Stytch member sessions); never a credential of the gateway. */
  hints?: Record<string, unknown>;
}

/** A provider as shared code sees it: its types are sealed inside the closures `defineProvider` builds. */
export interface ProviderModule {
  id: ProviderId;
  name: string;
  credentials: readonly string[];
  secrets: readonly string[];
  forwardedHeaders: readonly string[];
  /** `undefined` when none of its credentials is set. */
  configure(read: Read, mode: GatewayMode): ProviderSetup | undefined;
  /** Loads the slice's runtime code; its GraphQL types are registered once this resolves. */
  load(): Promise<void>;
  sandbox(): Promise<ProviderSandbox>;
}

/** An enabled provider's settings, read at start-up; `start` builds its client. */
export interface ProviderSetup {
  id: ProviderId;
  http: UpstreamSettings;
  /** The provider's own settings (for check-config and tests; the client gets them typed). */
  settings: object;
  /** The values of `secrets`, in order. */
  secretValues: readonly string[];
  /** Loads the slice's runtime code and builds its client. */
  start(deps: ClientDeps): Promise<ProviderRuntime>;
}

/** An enabled provider with its client, built once at start-up. */
export interface ProviderRuntime {
  id: ProviderId;
  status(): UpstreamStatus;
  close(): Promise<void>;
  /** One GraphQL request's loaders, and the listing over them. */
  forRequest(call: UpstreamCall, settings: LoaderSettings): RequestProvider;
}

export interface RequestProvider {
  loaders: unknown;
  listSsoConnections(): Promise<SsoConnectionShape[]>;
  /** The provider's change planner bound to this request's loaders; `undefined` when it has none. */
  changePlanner: RequestChangePlanner | undefined;
}

export function defineProvider<Settings extends object, Client extends ProviderClient, Loaders>(
  slice: ProviderSlice<Settings, Client, Loaders>,
): ProviderModule {
  const { id, name, config } = slice;
  return {
    id,
    name,
    credentials: config.credentials,
    secrets: config.secrets,
    forwardedHeaders: config.forwardedHeaders ?? [],
    sandbox: () => slice.sandbox(),
    load: async () => {
      await slice.runtime();
    },
    configure(read, mode) {
      const credentials = requireTogether(read, config.credentials);
      if (!credentials) return undefined;
      const http = readUpstreamSettings(read, mode, id, config.defaultRateLimit);
      const settings = { ...config.read(read, credentials), http };
      const secretValues = config.secrets.map((secret) => credentials[config.credentials.indexOf(secret)] ?? '');
      const start = async (deps: ClientDeps) => {
        const parts = await slice.runtime();
        return startRuntime(id, parts, parts.createClient(settings, deps));
      };
      return { id, http, settings, secretValues, start };
    },
  };
}

function startRuntime<Settings, Client extends ProviderClient, Loaders>(
  id: ProviderId,
  parts: ProviderRuntimeParts<Settings, Client, Loaders>,
  client: Client,
): ProviderRuntime {
  return {
    id,
    status: () => client.status(),
    close: () => client.close(),
    forRequest(call, settings) {
      const loaders = parts.createLoaders(client, call, settings);
      const planner = parts.changePlanner;
      return {
        loaders,
        listSsoConnections: () => parts.listSsoConnections(loaders),
        changePlanner: planner && {
          read: (key) => planner.read(loaders, key),
          plan: (connection, target, tools) => planner.plan(loaders, connection, target, tools),
          write: (connection, target) => planner.write(loaders, connection, target),
        },
      };
    },
  };
}
