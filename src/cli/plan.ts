/**
 * `sso-gateway plan`: asks a running gateway to plan moving every SAML connection that claims a
 * domain onto new IdP metadata, and prints the plan (nothing is written upstream).
 */
import { readFile } from 'node:fs/promises';
import { defineCommand, type ExitCode, noOperands, type ParsedArgs, UsageError } from './command.ts';
import { checkUrl, GATEWAY_HELP, GATEWAY_OPTIONS, requestHeaders } from './gateway-request.ts';
import { sendPlanOperation } from './plan-request.ts';

const OPTIONS = {
  ...GATEWAY_OPTIONS,
  domain: { type: 'string', short: 'd' },
  'metadata-url': { type: 'string' },
  'metadata-file': { type: 'string' },
  provider: { type: 'string', short: 'p', multiple: true },
  json: { type: 'boolean', default: false },
} as const;

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'plan moving a domain’s SAML connections onto new IdP metadata',
  description: `Asks a running gateway (Mutation.planSsoChange) for a plan and prints it as a table: one row per
connection that claims the domain, with what would change, its status and why a step is skipped.
Needs --domain and exactly one of --metadata-url and --metadata-file. Writes nothing upstream;
apply the plan with \`sso-gateway apply PLAN_ID\`.
Exits 0 with a plan, 1 when the gateway refuses (the error is printed) or cannot be reached.`,
  options: OPTIONS,
  help: {
    ...GATEWAY_HELP,
    domain: { value: 'DOMAIN', text: 'the e-mail domain whose connections move' },
    'metadata-url': { value: 'URL', text: 'the new IdP metadata URL' },
    'metadata-file': { value: 'FILE', text: 'a file holding the new IdP metadata document (instead of --metadata-url)' },
    provider: { value: 'PROVIDER', text: 'only this provider, an SsoProvider value (repeatable; default every enabled one)' },
    json: { text: 'print the plan as JSON instead of a table' },
  },
  run: plan,
});

async function plan({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<ExitCode> {
  noOperands(positionals);
  if (!values.domain) throw new UsageError('--domain is required');
  if ((values['metadata-url'] === undefined) === (values['metadata-file'] === undefined)) {
    throw new UsageError('give exactly one of --metadata-url and --metadata-file');
  }
  checkUrl(values.url);
  const metadataXml = values['metadata-file'] === undefined ? undefined : await readFile(values['metadata-file'], 'utf8');
  const input = {
    domain: values.domain,
    ...(values['metadata-url'] !== undefined ? { metadataUrl: values['metadata-url'] } : { metadataXml }),
    ...(values.provider ? { providers: values.provider.map((provider) => provider.toUpperCase()) } : {}),
  };
  const outcome = await sendPlanOperation(values.url, requestHeaders(values.header ?? []), 'plan', input, values.json);
  if (outcome === undefined) return 1;
  // With --json, stdout holds the plan alone (its `id` is in it).
  if (!values.json) console.log(`\nApply it with: sso-gateway apply ${outcome.id}`);
  return 0;
}
