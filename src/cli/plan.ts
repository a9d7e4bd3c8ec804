/**
 * `sso-gateway plan`: asks a running gateway to plan moving every SAML connection that claims a
 * domain onto new IdP metadata, and prints the plan (nothing is written upstream).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Command, type ExitCode, parseOrUsage, UsageError } from './command.ts';
import { checkUrl, DEFAULT_URL, GATEWAY_OPTIONS, requestHeaders } from './gateway-request.ts';
import { sendPlanOperation } from './plan-request.ts';

export const planCommand: Command = {
  summary: 'plan moving a domain’s SAML connections onto new IdP metadata',
  usage: `Usage: sso-gateway plan --domain D (--metadata-url U | --metadata-file F) [--provider P ...] [--json] [--url URL] [--header 'Name: value' ...]

Asks a running gateway (Mutation.planSsoChange) for a plan and prints it as a table: one row per
connection that claims the domain, with what would change, its status and why a step is skipped.
Writes nothing upstream; apply the plan with \`sso-gateway apply PLAN_ID\`.
Exits 0 with a plan, 1 when the gateway refuses (the error is printed) or cannot be reached.

  --domain D          the e-mail domain whose connections move
  --metadata-url U    the new IdP metadata URL
  --metadata-file F   a file holding the new IdP metadata document (instead of --metadata-url)
  --provider P        only this provider, a value of the SsoProvider enum (repeatable; default every enabled one)
  --json              print the plan as JSON instead of a table
  --url URL           the gateway's GraphQL endpoint (default ${DEFAULT_URL})
  --header H          an extra request header, e.g. 'Authorization: Bearer …' (repeatable)`,
  run: plan,
};

async function plan(args: string[]): Promise<ExitCode> {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args,
      options: {
        ...GATEWAY_OPTIONS,
        domain: { type: 'string' },
        'metadata-url': { type: 'string' },
        'metadata-file': { type: 'string' },
        provider: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }),
  );
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
