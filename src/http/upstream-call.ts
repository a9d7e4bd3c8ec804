/**
 * What one GraphQL operation hands every upstream call it makes. It lives here, in the lowest
 * layer, because the REST client reads it (signal, deadline, caller, ids, counts) and providers pass
 * it on.
 */
import type { ProviderId } from '../providers/provider-id.ts';

export interface UpstreamCall {
  /** Sent to the upstream as `X-Request-Id`, so its logs and ours can be joined. */
  requestId: string;
  /** Aborted when the GraphQL request goes away or its deadline passes; passed to every upstream call. */
  signal: AbortSignal | undefined;
  /** Epoch ms by which the operation must end: retries and waits that would pass it are not made. */
  deadline: number;
  /**
   * Whom the calls are made for (the authenticated caller's subject), so that no caller spends
   * more than its share of a provider's budget; `undefined` when callers cannot be told apart
   * (`GATEWAY_AUTH_MODE=none`).
   */
  caller: string | undefined;
  /** The incoming request's headers, for providers that forward a caller's session (Stytch). */
  headers: Headers;
  /** Request ids the upstreams gave this operation's calls, success or error, in order (for audit records). */
  upstreamRequestIds: string[];
  /** Upstream calls made so far, by provider (cache hits are not calls), for the operation's log line. */
  upstreamCalls: Partial<Record<ProviderId, number>>;
}
