/** The `ssoHealth` findings grouped by severity, most urgent first, each with its remedy and links to its connections. */
import { connectionName } from '../connections.ts';
import { DEFAULT_WITHIN_DAYS } from '../format.ts';
import { ConsoleHealthDocument, type ConsoleHealthQuery, type SsoFindingSeverity } from '../generated.ts';
import { href } from '../route.ts';
import { QueryStatus } from '../status.tsx';
import { useQuery } from '../use-query.ts';

type Finding = ConsoleHealthQuery['ssoHealth']['findings'][number];

/** Most urgent first, as the schema orders them (CRITICAL: sign-ins fail now). */
const SEVERITIES: readonly SsoFindingSeverity[] = ['CRITICAL', 'ERROR', 'WARNING', 'INFO'];

export function HealthView() {
  const [state, reload] = useQuery(ConsoleHealthDocument, { withinDays: DEFAULT_WITHIN_DAYS });
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">Health</h2>
      <QueryStatus state={state} retry={reload} what="the health report" />
      {state.status === 'done' && <Report report={state.data.ssoHealth} />}
    </section>
  );
}

function Report({ report }: { report: ConsoleHealthQuery['ssoHealth'] }) {
  if (report.findings.length === 0) {
    return <p class="status">No findings across {report.connectionsChecked} connections.</p>;
  }
  return (
    <>
      <p class="count">
        {report.findings.length} findings across {report.connectionsChecked} connections (certificates within {report.withinDays} days),
        checked {report.generatedAt.slice(0, 19).replace('T', ' ')} UTC.
      </p>
      {SEVERITIES.map((severity) => {
        const findings = report.findings.filter((finding) => finding.severity === severity);
        if (findings.length === 0) return null;
        const id = `severity-${severity.toLowerCase()}`;
        return (
          <section key={severity} aria-labelledby={id} class="severity-group">
            <h3 id={id}>
              <span class={`badge severity-${severity.toLowerCase()}`}>{severity}</span> {findings.length}
            </h3>
            <ul class="findings">
              {findings.map((finding, index) => (
                <FindingItem key={`${finding.kind}-${index}`} finding={finding} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  return (
    <li class="finding" data-kind={finding.kind} data-severity={finding.severity}>
      <p class="kind">{finding.kind.replaceAll('_', ' ').toLowerCase()}</p>
      <p class="summary">{finding.summary}</p>
      <p class="remedy">
        <strong>Remedy:</strong> {finding.remedy}
      </p>
      {finding.connections.length > 0 && (
        <p class="involved">
          Connections:{' '}
          {finding.connections.map((connection, index) => (
            <span key={connection.id}>
              {index > 0 && ', '}
              <a href={href('connections', { focus: connection.id })} data-connection={connection.id}>
                {connectionName(connection)} ({connection.provider})
              </a>
            </span>
          ))}
        </p>
      )}
    </li>
  );
}
