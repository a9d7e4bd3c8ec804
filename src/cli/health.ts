/**
 * `sso-gateway health`: a running gateway's SSO health report as a table, with an exit code a
 * scheduled job can alert on.
 */
import { parseArgs } from 'node:util';
import { type Command, type ExitCode, parseOrUsage, UsageError } from './command.ts';
import { checkUrl, DEFAULT_URL, GATEWAY_OPTIONS, parseJsonObject, postGraphQL, requestHeaders } from './gateway-request.ts';

export const healthCommand: Command = {
  summary: "print a running gateway's SSO health report; exit 3 on findings",
  usage: `Usage: sso-gateway health [--url URL] [--within-days N] [--fail-on SEVERITY] [--json] [--header 'Name: value' ...]

Asks a running gateway for Query.ssoHealth and prints the findings as a table, most urgent first.
Exits 3 when a finding is at or above --fail-on, 1 when the report cannot be had, 0 otherwise:
made for a scheduled job.

  --url URL           the gateway's GraphQL endpoint (default ${DEFAULT_URL})
  --within-days N     report certificates expiring within N days (default 30)
  --fail-on SEVERITY  INFO, WARNING, ERROR or CRITICAL (default ERROR)
  --json              print the report as JSON instead of a table
  --header H          an extra request header, e.g. 'Authorization: Bearer …' (repeatable)`,
  run: health,
};

async function health(args: string[]): Promise<ExitCode> {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args,
      options: {
        ...GATEWAY_OPTIONS,
        'within-days': { type: 'string', default: '30' },
        'fail-on': { type: 'string', default: 'ERROR' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }),
  );
  const table = await import('../insight/health-table.ts');
  const failOn = values['fail-on'].toUpperCase();
  if (!table.isSeverity(failOn)) throw new UsageError(`--fail-on must be INFO, WARNING, ERROR or CRITICAL, got: ${values['fail-on']}`);
  const withinDays = Number(values['within-days']);
  if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3650)
    throw new UsageError('--within-days must be a whole number from 0 to 3650');
  checkUrl(values.url);

  const response = await postGraphQL(values.url, requestHeaders(values.header ?? []), table.HEALTH_QUERY, { withinDays });
  const body = parseJsonObject(await response.text());
  const report = (body?.data as { ssoHealth?: Parameters<typeof table.formatReport>[0] } | undefined)?.ssoHealth;
  if (!response.ok || !report) {
    const errors = Array.isArray(body?.errors)
      ? body.errors.map((error: { message?: unknown }) => String(error.message)).join('; ')
      : 'no report in the response';
    console.error(`HTTP ${response.status}: ${errors}`);
    return 1;
  }
  console.log(values.json ? JSON.stringify(report, null, 2) : table.formatReport(report));
  const failing = table.atOrAbove(report.findings, failOn);
  if (failing.length === 0) return 0;
  console.error(`${failing.length} finding(s) at or above ${failOn}`);
  return 3;
}
