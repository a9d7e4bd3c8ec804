#!/usr/bin/env node
// The `sso-gateway` command. The CLI is TypeScript run through tsx, as `npm start` runs the
// gateway, so tsx's loader is registered before src/cli/run.ts is imported. The project's
// tsconfig is named explicitly because tsx would otherwise look for one in the current directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { run } = await import('../src/cli/run.ts');
// exitCode, not process.exit(): `serve` has to keep running, and piped stdout has to drain.
process.exitCode = await run(process.argv.slice(2));
