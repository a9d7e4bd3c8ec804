/** Every SSO connection across providers in one table, filterable by domain and provider; providers that failed are listed above it. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { connectionName, filterConnections, type SoonestExpiry, soonestExpiry } from '../connections.ts';
import { Failures } from '../failures.tsx';
import { describeDays, formatDate } from '../format.ts';
import { ConsoleConnectionsDocument, ConsoleProvidersDocument } from '../generated.ts';
import { QueryStatus } from '../status.tsx';
import { useQuery } from '../use-query.ts';

export function ConnectionsView({ focus }: { focus: string | null }) {
  const [state, reload] = useQuery(ConsoleConnectionsDocument, {});
  const [providers] = useQuery(ConsoleProvidersDocument, {});
  const [domain, setDomain] = useState('');
  const [provider, setProvider] = useState('');
  const now = useMemo(() => Date.now(), []);
  const all = state.status === 'done' ? state.data.ssoConnections.nodes : [];
  const shown = filterConnections(all, domain, provider);

  useEffect(() => {
    if (!focus || state.status !== 'done') return;
    const row = [...document.querySelectorAll<HTMLElement>('tr[data-id]')].find((element) => element.dataset.id === focus);
    row?.focus();
    row?.scrollIntoView({ block: 'center' });
  }, [focus, state.status]);

  return (
    <section aria-labelledby="connections-title">
      <h2 id="connections-title">Connections</h2>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Domain contains
          <input type="search" name="domain" value={domain} onInput={(event) => setDomain(event.currentTarget.value)} />
        </label>
        <label>
          Provider
          <select name="provider" value={provider} onChange={(event) => setProvider(event.currentTarget.value)}>
            <option value="">All providers</option>
            {providers.status === 'done' &&
              providers.data.providers.map((entry) => (
                <option key={entry.provider} value={entry.provider}>
                  {entry.enabled ? entry.provider : `${entry.provider} (not enabled)`}
                </option>
              ))}
          </select>
        </label>
        <button type="button" onClick={reload}>
          Reload
        </button>
      </form>
      <QueryStatus state={state} retry={reload} what="connections" />
      {state.status === 'done' && (
        <>
          <Failures failures={state.data.ssoConnections.failures} />
          <p class="count" aria-live="polite">
            Showing {shown.length} of {all.length} connections
          </p>
          <div class="table-frame">
            <table class="connections">
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">Name</th>
                  <th scope="col">Domains</th>
                  <th scope="col">Status</th>
                  <th scope="col">IdP entity ID</th>
                  <th scope="col">Soonest certificate expiry</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((connection) => (
                  <tr
                    key={connection.id}
                    data-id={connection.id}
                    data-provider={connection.provider}
                    tabIndex={-1}
                    class={focus === connection.id ? 'focused' : undefined}
                  >
                    <td data-label="Provider">{connection.provider}</td>
                    <td data-label="Protocol">{connection.protocol ?? '—'}</td>
                    <th scope="row" data-label="Name">
                      {connectionName(connection)}
                    </th>
                    <td data-label="Domains">{connection.domains.join(', ') || '—'}</td>
                    <td data-label="Status">
                      <span class={`badge status-${connection.status.toLowerCase()}`}>{connection.status}</span>
                    </td>
                    <td data-label="IdP entity ID" class="entity-id">
                      {connection.idpEntityId ?? '—'}
                    </td>
                    <td data-label="Soonest certificate expiry">
                      <Expiry soonest={soonestExpiry(connection, now)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Expiry({ soonest }: { soonest: SoonestExpiry | undefined }) {
  if (!soonest) return <span class="muted">no certificate</span>;
  return (
    <span class={`expiry expiry-${soonest.expiry}`} data-expiry={soonest.expiry}>
      {formatDate(soonest.notAfter)} ({describeDays(soonest.days)})
    </span>
  );
}
