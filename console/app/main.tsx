/** The console's entry: bundled by scripts/build-console.ts into console/bundle/, inlined by the gateway into /console. */
import { render } from 'preact';
import { App } from './app.tsx';

const root = document.getElementById('console');
if (root) render(<App />, root);
