/**
 * `Query.ssoConnections`: every enabled provider asked at once. A provider that fails becomes a
 * `ProviderFailure` entry; the others still answer.
 */
import { type GatewayContext, listProviderConnections } from '../context.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import { inSpan } from '../observability/tracing.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { builder } from './builder.ts';
import { fromUpstream, GatewayError } from './errors.ts';
import { SsoConnection, type SsoConnectionShape, ssoProviderEnum } from './sso-connection.ts';
import { domainName } from './validators.ts';

export interface ProviderFailureShape {
  provider: ProviderId;
  code: string;
  message: string;
}

export interface SsoConnectionListShape {
  nodes: SsoConnectionShape[];
  failures: ProviderFailureShape[];
}

export const ProviderFailure = builder.objectRef<ProviderFailureShape>('ProviderFailure').implement({
  description: 'A provider that could not answer; the rest of the list is still complete for the others.',
  fields: (t) => ({
    provider: t.expose('provider', { type: ssoProviderEnum() }),
    code: t.exposeString('code', { description: 'Same codes as the `Error` interface, e.g. UPSTREAM_UNAVAILABLE.' }),
    message: t.exposeString('message'),
  }),
});

const SsoConnectionList = builder.objectRef<SsoConnectionListShape>('SsoConnectionList').implement({
  fields: (t) => ({
    nodes: t.field({ type: [SsoConnection], resolve: (list) => list.nodes }),
    failures: t.field({ type: [ProviderFailure], resolve: (list) => list.failures }),
  }),
});

builder.queryField('ssoConnections', (t) =>
  t.field({
    type: SsoConnectionList,
    description:
      'SSO connections of every enabled provider (or of `providers`), asked concurrently. ' +
      '`domain` keeps connections that route that e-mail domain (case-insensitive).',
    args: {
      providers: t.arg({ type: [ssoProviderEnum()], required: false }),
      domain: t.arg.string({ required: false, validate: { schema: domainName } }),
    },
    resolve: async (_root, args, context) => {
      const all = await listSsoConnections(context, args.providers ?? undefined);
      const domain = args.domain?.toLowerCase();
      return { nodes: all.nodes.filter((node) => !domain || node.domains.some((d) => d.toLowerCase() === domain)), failures: all.failures };
    },
  }),
);

/** Every connection of `wanted` (default: every enabled provider), asked concurrently; failures kept apart. */
export async function listSsoConnections(context: GatewayContext, wanted?: readonly ProviderId[]): Promise<SsoConnectionListShape> {
  const ids = wanted ?? context.providers.enabled;
  const results = await Promise.all([...new Set(ids)].map((id) => listOne(context, id)));
  return { nodes: results.flatMap((result) => result.nodes), failures: results.flatMap((result) => result.failures) };
}

function listOne(context: GatewayContext, id: ProviderId): Promise<SsoConnectionListShape> {
  return inSpan('sso.provider.list', { 'sso.provider': id }, () => listOneUntraced(context, id));
}

async function listOneUntraced(context: GatewayContext, id: ProviderId): Promise<SsoConnectionListShape> {
  try {
    return { nodes: await listProviderConnections(context, id), failures: [] };
  } catch (error) {
    return { nodes: [], failures: [failureOf(context, id, error)] };
  }
}

function failureOf(context: GatewayContext, provider: ProviderId, error: unknown): ProviderFailureShape {
  const known = error instanceof UpstreamError ? fromUpstream(error) : error;
  if (known instanceof GatewayError) return { provider, code: known.code, message: known.message };
  context.logger.error('unexpected error while listing SSO connections', {
    provider,
    requestId: context.requestId,
    error: error instanceof Error ? error.name : typeof error,
  });
  return { provider, code: 'INTERNAL', message: 'Unexpected error.' };
}
