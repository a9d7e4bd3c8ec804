/**
 * The health report as `sso-gateway health` prints it: one row per finding, most urgent first,
 * each followed by its remedy and the connections involved, so a scheduled job's log reads on its own.
 */
import { SEVERITIES, type Severity } from './severity.ts';

/** A finding as the GraphQL response carries it (`HEALTH_QUERY`). */
export interface FindingRow {
  kind: string;
  severity: Severity;
  summary: string;
  remedy: string;
  provider: string | null;
  connections: { id: string }[];
}

export const HEALTH_QUERY = `query SsoHealthReport($withinDays: Int) {
  ssoHealth(withinDays: $withinDays) {
    generatedAt
    withinDays
    connectionsChecked
    findings { kind severity summary remedy provider connections { id } }
  }
}`;

/** Findings at or above `threshold`. */
export function atOrAbove(findings: readonly FindingRow[], threshold: Severity): FindingRow[] {
  const floor = SEVERITIES.indexOf(threshold);
  return findings.filter((finding) => SEVERITIES.indexOf(finding.severity) >= floor);
}

export function formatReport(report: {
  generatedAt: string;
  withinDays: number;
  connectionsChecked: number;
  findings: readonly FindingRow[];
}): string {
  const header = `SSO health at ${report.generatedAt}: ${report.connectionsChecked} connection(s) checked, certificates within ${report.withinDays} day(s)`;
  if (report.findings.length === 0) return `${header}\nNo findings.`;
  const counts = SEVERITIES.slice()
    .reverse()
    .map((severity) => `${report.findings.filter((finding) => finding.severity === severity).length} ${severity}`)
    .join(', ');
  const widths = { severity: 8, kind: Math.max(...report.findings.map((finding) => finding.kind.length)), provider: 10 };
  const rows = report.findings.flatMap((finding) => [
    `${finding.severity.padEnd(widths.severity)}  ${finding.kind.padEnd(widths.kind)}  ${(finding.provider ?? 'several').padEnd(widths.provider)}  ${finding.summary}`,
    `${' '.repeat(widths.severity + widths.kind + widths.provider + 6)}-> ${finding.remedy}`,
  ]);
  const title = `${'SEVERITY'.padEnd(widths.severity)}  ${'KIND'.padEnd(widths.kind)}  ${'PROVIDER'.padEnd(widths.provider)}  SUMMARY`;
  return [header, `${report.findings.length} finding(s): ${counts}`, '', title, ...rows].join('\n');
}
