/**
 * `sso-gateway check-config`: the environment validated as the gateway would at start-up, with
 * nothing started. The one place in the CLI that knows the configuration and the provider list.
 */
import type { Config } from '../config/gateway.ts';
import type { ProviderModule } from '../providers/provider.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { defineCommand, type ExitCode, noOperands, type ParsedArgs } from './command.ts';

const OPTIONS = { json: { type: 'boolean' } } as const;

export const checkConfigCommand = defineCommand({
  name: 'check-config',
  summary: 'validate the environment without starting anything',
  description: `Validates the environment as the gateway would at start-up, and prints the mode and which
providers are enabled. Exits 1 with the problem (naming the variable, never its value) when the
configuration is invalid.`,
  options: OPTIONS,
  help: { json: { text: 'print the result as JSON on stdout' } },
  run: checkConfig,
});

export type ConfigReport =
  | {
      valid: true;
      mode: Config['mode'];
      auth: Config['security']['auth']['mode'];
      enabled: ProviderId[];
      /** Each disabled provider with the variables that would enable it. */
      notEnabled: { provider: ProviderId; missing: string[] }[];
      /** Where replicas share state: Redis by `host:port` (never the URL: it may hold a password), or memory. */
      sharedState: { store: 'memory' } | { store: 'redis'; redis: string; keyPrefix: string; replicas: number };
    }
  | {
      valid: false;
      /** `ConfigError` messages name variables, never their values (see src/config/atoms.ts). */
      error: string;
      /** The variables the message names. */
      variables: string[];
    };

async function checkConfig({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<ExitCode> {
  noOperands(positionals);
  // Loaded here rather than at the top so that `sso-gateway --help` does not pay for the
  // providers and what they import, as the other commands load theirs when they run.
  const { providers } = await import('../providers/index.ts');
  const report = await describeConfig(process.env, providers);
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
  } else if (report.valid) {
    console.log(formatValidConfig(report));
  } else {
    console.error(`invalid configuration: ${report.error}`);
  }
  return report.valid ? 0 : 1;
}

/** What `check-config` reports for an environment and the providers a gateway would know. */
export async function describeConfig(env: Record<string, string | undefined>, providers: readonly ProviderModule[]): Promise<ConfigReport> {
  const { ConfigError } = await import('../config/atoms.ts');
  const { loadConfig, redisAddress } = await import('../config/gateway.ts');
  let config: Config;
  try {
    config = loadConfig(env, providers);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const variables = [...new Set(error.message.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? [])];
    return { valid: false, error: error.message, variables };
  }
  // The sandbox serves a simulator of every provider whatever the environment says about them.
  const enabled = providers.filter((module) => config.mode === 'sandbox' || config.providers[module.id] !== undefined);
  const { redis, replicas } = config.sharedState;
  return {
    valid: true,
    mode: config.mode,
    auth: config.security.auth.mode,
    enabled: enabled.map((module) => module.id),
    notEnabled: providers
      .filter((module) => !enabled.includes(module))
      .map((module) => ({ provider: module.id, missing: [...module.credentials] })),
    sharedState: redis ? { store: 'redis', redis: redisAddress(redis.url), keyPrefix: redis.keyPrefix, replicas } : { store: 'memory' },
  };
}

function formatValidConfig(report: Extract<ConfigReport, { valid: true }>): string {
  const lines = [
    'configuration is valid',
    `mode: ${report.mode}${report.mode === 'sandbox' ? ' (built-in simulators of every provider on loopback)' : ''}`,
    `auth: ${report.auth}`,
    `providers enabled: ${report.enabled.length > 0 ? report.enabled.join(', ') : 'none'}`,
    report.sharedState.store === 'redis'
      ? `shared state: Redis at ${report.sharedState.redis}, keys under ${report.sharedState.keyPrefix}, ${report.sharedState.replicas} replica(s)`
      : 'shared state: in memory (REDIS_URL not set)',
  ];
  if (report.notEnabled.length > 0) {
    lines.push('providers not enabled:', ...report.notEnabled.map(({ provider, missing }) => `  ${provider}: set ${missing.join(', ')}`));
  }
  return lines.join('\n');
}
