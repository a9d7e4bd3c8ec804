/** Providers that could not be read are shown, never hidden: their connections are missing from what follows. */
import type { ConsoleConnectionsQuery } from './generated.ts';

type Failure = ConsoleConnectionsQuery['ssoConnections']['failures'][number];

export function Failures({ failures }: { failures: readonly Failure[] }) {
  if (failures.length === 0) return null;
  return (
    <div class="alert" role="alert">
      <p>
        {failures.length === 1 ? 'One provider' : `${failures.length} providers`} could not be read; their connections are missing below:
      </p>
      <ul>
        {failures.map((failure) => (
          <li key={failure.provider} data-failed-provider={failure.provider}>
            <strong>{failure.provider}</strong>: {failure.code}, {failure.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
