// PLACEHOLDER (replaced by the operation-limits and production-profile work).
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Config } from '../config.ts';
import type { GatewayContext } from '../context.ts';

export interface SecurityProfile {
  graphiql: boolean;
  cors: YogaServerOptions<Record<string, unknown>, GatewayContext>['cors'];
  plugins: Plugin[];
}

export function securityProfile(config: Config): SecurityProfile {
  return { graphiql: config.security.graphiql, cors: false, plugins: [] };
}
