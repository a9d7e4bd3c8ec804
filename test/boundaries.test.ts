/**
 * The import rules of DESIGN §2, held by dependency-cruiser with the configurations `npm run lint`
 * uses: the source tree breaks none of them, and a small tree written to break each rule shows
 * that every rule can fail.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The rules, and the cycle rule once more on the runtime graph (why: the second file's header). */
const CONFIGS = ['.dependency-cruiser.cjs', '.dependency-cruiser.runtime.cjs'];
/** The runtime pass transpiles every file before parsing it: seconds for src/, more on a busy machine. */
const CRUISE_TIMEOUT = 90_000;

/** One line per violation: the rule, then the import (or the whole cycle) it is about. */
function describeViolation({ rule, from, to, cycle }: IViolation): string {
  const path = cycle ? [from, ...cycle.map((step) => step.name)] : [from, to];
  return `${rule.name}: ${path.join(' -> ')}`;
}

/** Cruises `src/` under baseDir with every configuration; paths in the answer are relative to baseDir. */
async function violations(baseDir: string): Promise<string[]> {
  const tsConfig = extractTSConfig(join(ROOT, 'tsconfig.json'));
  const found: string[] = [];
  for (const config of CONFIGS) {
    const options = await extractDepcruiseOptions(join(ROOT, config));
    const { output } = await cruise(['src'], { ...options, baseDir }, {}, { tsConfig });
    if (typeof output === 'string') throw new Error(`expected a cruise result, got formatted output from ${config}`);
    found.push(...output.summary.violations.map(describeViolation));
  }
  return found;
}

describe('module boundaries of src/', () => {
  it(
    'breaks no rule',
    async () => {
      const found = await violations(ROOT);
      expect(found, `dependency-cruiser found:\n${found.join('\n')}`).toEqual([]);
    },
    CRUISE_TIMEOUT,
  );
});

/**
 * A tree that breaks each rule once, next to imports the rules allow: each file and the import
 * statements it holds (side-effect imports are enough to make a dependency). `undici` resolves
 * through a link to the project's node_modules, as it does from src/.
 */
const FIXTURE: Record<string, string[]> = {
  'src/main.ts': ["import './providers/index.ts';"],
  'src/context.ts': ["import './providers/index.ts';", "import './providers/alpha/loaders.ts';"],
  'src/config.ts': ["import './config-security.ts';"],
  'src/config-security.ts': ["import './config.ts';"],
  'src/types/left.ts': ["import type { Right } from './right.ts';"],
  'src/types/right.ts': ["import type { Left } from './left.ts';"],
  // A runtime loop registry -> provider -> graph -> dry-run -> registry whose members also import
  // a type from a hub that loads two of them: for every import of the loop, a search that walks
  // type-only imports too finds its way back through the hub first.
  'src/hub.ts': ["import './loop/dry-run.ts';", "import './loop/registry.ts';"],
  'src/loop/registry.ts': ["import './provider.ts';"],
  'src/loop/provider.ts': ["import type { Hub } from '../hub.ts';", "import './graph.ts';"],
  'src/loop/graph.ts': ["import type { Hub } from '../hub.ts';", "import './dry-run.ts';"],
  'src/loop/dry-run.ts': ["import type { Hub } from '../hub.ts';", "import './registry.ts';"],
  'src/graph/errors.ts': [],
  'src/graph/unified.ts': ["import 'undici';"],
  'src/http/rest-client.ts': ["import '../graph/errors.ts';"],
  'src/providers/index.ts': ["import './alpha/index.ts';", "import './beta/index.ts';"],
  'src/providers/provider.ts': [],
  'src/providers/alpha/index.ts': ["import type { ProviderId } from '../provider.ts';", "import './simulator.ts';"],
  'src/providers/alpha/simulator.ts': [],
  'src/providers/alpha/loaders.ts': ["import '../beta/wire.ts';"],
  'src/providers/alpha/graph.ts': ["import '../../http/rest-client.ts';"],
  'src/providers/beta/index.ts': ["export const sandbox = () => import('./sandbox/simulator.ts');"],
  'src/providers/beta/wire.ts': [],
  'src/providers/beta/sandbox/simulator.ts': ["import type { ProviderId } from '../../provider.ts';"],
  'src/sandbox/start.ts': ["import '../providers/index.ts';"],
};

describe('each rule fires on a tree that breaks it', () => {
  let fixture: string;
  let found: string[];

  beforeAll(async () => {
    fixture = mkdtempSync(join(tmpdir(), 'boundaries-'));
    for (const [file, imports] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(fixture, file)), { recursive: true });
      writeFileSync(join(fixture, file), `${imports.join('\n')}\n`);
    }
    symlinkSync(join(ROOT, 'node_modules'), join(fixture, 'node_modules'));
    found = await violations(fixture);
  }, CRUISE_TIMEOUT);

  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  const reported = (rule: string) => found.filter((line) => line.startsWith(`${rule}: `));

  it('no-cycle: a runtime cycle, not one made of type-only imports', () => {
    expect(reported('no-cycle')).toContain('no-cycle: src/config-security.ts -> src/config.ts -> src/config-security.ts');
    expect(reported('no-cycle').filter((line) => line.includes('src/types/'))).toEqual([]);
  });

  it('no-runtime-cycle: also the runtime cycle hidden behind type-only imports of a hub', () => {
    const cycles = reported('no-runtime-cycle');
    expect(cycles).toContain('no-runtime-cycle: src/config-security.ts -> src/config.ts -> src/config-security.ts');
    const loop = ['registry', 'provider', 'graph', 'dry-run'].map((name) => `src/loop/${name}.ts`);
    expect(cycles.filter((line) => loop.every((file) => line.includes(file)))).toHaveLength(1);
    expect(cycles.filter((line) => line.includes('src/types/'))).toEqual([]);
  });

  it('registry-only-from-roots: the registry imported by the context, not by main or the sandbox', () => {
    expect(reported('registry-only-from-roots')).toEqual(['registry-only-from-roots: src/context.ts -> src/providers/index.ts']);
  });

  it('live-path-no-sandbox: a static import of a simulator, not a dynamic one', () => {
    expect(reported('live-path-no-sandbox')).toEqual([
      'live-path-no-sandbox: src/providers/alpha/index.ts -> src/providers/alpha/simulator.ts',
    ]);
  });

  it('provider-isolation: one provider importing another, not the shared provider files', () => {
    expect(reported('provider-isolation')).toEqual(['provider-isolation: src/providers/alpha/loaders.ts -> src/providers/beta/wire.ts']);
  });

  it('http-knows-no-graph: the REST client importing graph code', () => {
    expect(reported('http-knows-no-graph')).toEqual(['http-knows-no-graph: src/http/rest-client.ts -> src/graph/errors.ts']);
  });

  it('graph-no-transport: graph code importing undici or the REST client', () => {
    const lines = reported('graph-no-transport');
    expect(lines).toContain('graph-no-transport: src/providers/alpha/graph.ts -> src/http/rest-client.ts');
    expect(
      lines.filter((line) => line.startsWith('graph-no-transport: src/graph/unified.ts -> ') && line.includes('node_modules/undici/')),
    ).toHaveLength(1);
    expect(lines).toHaveLength(2);
  });

  it('shared-code-no-provider: shared code naming a provider folder, not the registry', () => {
    expect(reported('shared-code-no-provider')).toEqual(['shared-code-no-provider: src/context.ts -> src/providers/alpha/loaders.ts']);
  });
});
