/**
 * The console's shell: a header with the credentials, one link per view, and the view the URL's
 * fragment names. Views are the one list below; a new view is one more entry and one more file
 * under views/.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Credentials } from './credentials.tsx';
import { href, useRoute } from './route.ts';
import { ChangePlansView } from './views/change-plans.tsx';
import { ConnectionsView } from './views/connections.tsx';
import { HealthView } from './views/health.tsx';
import { TimelineView } from './views/timeline.tsx';

interface View {
  path: string;
  label: string;
  render(params: URLSearchParams): JSX.Element;
}

const VIEWS: readonly View[] = [
  { path: 'connections', label: 'Connections', render: (params) => <ConnectionsView focus={params.get('focus')} /> },
  { path: 'health', label: 'Health', render: () => <HealthView /> },
  { path: 'certificates', label: 'Certificate timeline', render: () => <TimelineView /> },
  { path: 'plans', label: 'Change plans', render: (params) => <ChangePlansView planId={params.get('id')} /> },
];

export function App() {
  const route = useRoute();
  // A new token makes every view ask again: remounting is the simplest way to say so.
  const [session, setSession] = useState(0);
  const view = VIEWS.find((candidate) => candidate.path === route.view) ?? VIEWS[0];
  if (!view) return null;
  return (
    <>
      {/* The fragment holds the view, so the skip control focuses the content instead of linking to it. */}
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <h1>SSO console</h1>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((candidate) => (
              <li key={candidate.path}>
                <a href={href(candidate.path)} aria-current={candidate === view ? 'page' : undefined}>
                  {candidate.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <Credentials onChange={() => setSession((value) => value + 1)} />
      </header>
      <main id="main" tabIndex={-1} key={`${view.path}-${session}`}>
        {view.render(route.params)}
      </main>
    </>
  );
}
