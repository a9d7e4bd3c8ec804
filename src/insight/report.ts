/**
 * `Query.ssoHealth`'s report: every enabled provider's connections, each inspected, run through
 * the health rules. A provider that cannot be read becomes a finding, never a failed query.
 */
import type { GatewayContext } from '../context.ts';
import type { SsoConnectionShape } from '../graph/sso-connection.ts';
import { listSsoConnections } from '../graph/unified.ts';
import { type InspectedConnection, inspectConnection } from './connection-insight.ts';
import { type Finding, findingsOf, type ProviderOutage } from './health.ts';

export interface HealthReport {
  generatedAt: Date;
  withinDays: number;
  connectionsChecked: number;
  findings: Finding[];
}

/** The connections the rules run over, and the providers that could not be listed. */
export interface Landscape {
  connections: InspectedConnection[];
  outages: ProviderOutage[];
}

export async function currentLandscape(context: GatewayContext): Promise<Landscape> {
  const listed = await listSsoConnections(context);
  return { connections: await inspectAll(context, listed.nodes), outages: listed.failures };
}

export function inspectAll(context: GatewayContext, connections: readonly SsoConnectionShape[]): Promise<InspectedConnection[]> {
  return Promise.all(connections.map((connection) => inspectConnection(connection, context.metadata, context.call.signal)));
}

export async function healthReport(context: GatewayContext, withinDays: number): Promise<HealthReport> {
  const now = Date.now();
  const landscape = await currentLandscape(context);
  return {
    generatedAt: new Date(now),
    withinDays,
    connectionsChecked: landscape.connections.length,
    findings: findingsOf(landscape.connections, landscape.outages, { withinDays, now }),
  };
}
