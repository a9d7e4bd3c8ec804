/**
 * `sso-gateway health`: a running gateway's SSO health report as a table, with an exit code a
 * scheduled job can alert on.
 */

import { isSeverity, SEVERITIES } from '../insight/severity.ts';
import { defineCommand, type ExitCode, noOperands, type ParsedArgs, UsageError } from './command.ts';
import { checkUrl, GATEWAY_HELP, GATEWAY_OPTIONS, parseJsonObject, postGraphQL, requestHeaders } from './gateway-request.ts';
import { printable } from './result-tables.ts';

const OPTIONS = {
  ...GATEWAY_OPTIONS,
  'within-days': { type: 'string', default: '30' },
  'fail-on': { type: 'string', default: 'ERROR' },
  json: { type: 'boolean', default: false },
} as const;

export const healthCommand = defineCommand({
  name: 'health',
  summary: "print a running gateway's SSO health report; exit 3 on findings",
  description: `Asks a running gateway for Query.ssoHealth and prints the findings as a table, most urgent first.
Exits 3 when a finding is at or above --fail-on, 1 when the report cannot be had, 0 otherwise:
made for a scheduled job.`,
  options: OPTIONS,
  help: {
    ...GATEWAY_HELP,
    'within-days': { value: 'N', text: 'report certificates expiring within N days (default 30)' },
    'fail-on': {
      value: 'SEVERITY',
      text: `${SEVERITIES.join(', ')} (default ERROR)`,
      choices: SEVERITIES,
    },
    json: { text: 'print the report as JSON instead of a table' },
  },
  run: health,
});

async function health({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<ExitCode> {
  noOperands(positionals);
  const table = await import('../insight/health-table.ts');
  const failOn = values['fail-on'].toUpperCase();
  if (!isSeverity(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got: ${values['fail-on']}`);
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
  // Summaries quote connection names from upstreams: escaped line by line, as query's tables are.
  const text = table.formatReport(report).split('\n').map(printable).join('\n');
  console.log(values.json ? JSON.stringify(report, null, 2) : text);
  const failing = table.atOrAbove(report.findings, failOn);
  if (failing.length === 0) return 0;
  console.error(`${failing.length} finding(s) at or above ${failOn}`);
  return 3;
}
