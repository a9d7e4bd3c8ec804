/**
 * The import rules of DESIGN §2, checked by dependency-cruiser over src/ (`npm run lint`, and
 * test/boundaries.test.ts through the JS API). Type-only imports are extracted
 * (tsPreCompilationDeps) so a rule can tell them apart: they vanish at compile time, so they can
 * neither form a runtime cycle nor load the sandbox.
 *
 * Paths in rules are relative to the directory the cruise runs from (the repository root), so
 * `^src/` anchors them; `$1` in a `to` pattern is the first group matched by the `from` path.
 */

/** Either word in a path marks code that exists only for the sandbox (simulators, demo IdP, start-up). */
const SANDBOX = '(sandbox|simulator)';
/** Erased by the compiler, or loaded only when the code asks for it: neither is on the static live path. */
const NOT_LOADED_AT_START = ['dynamic-import', 'type-only'];

module.exports = {
  forbidden: [
    // The search behind `circular` can meet a runtime cycle through a type-only import first and then
    // exempt it: .dependency-cruiser.runtime.cjs repeats this rule on a graph without type-only imports.
    {
      name: 'no-cycle',
      severity: 'error',
      comment:
        'A runtime import cycle makes module initialisation order depend on which file an entry point loads first. ' +
        'Type-only imports are erased by the compiler, so cycles through them are allowed.',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'registry-only-from-roots',
      severity: 'error',
      comment:
        'Only composition roots (entry point, createGateway, schema assembly, CLI, sandbox start-up) import the provider registry; ' +
        'everything else receives providers through the context or a parameter.',
      from: {
        path: '^src/',
        pathNot: [
          '^src/main\\.ts$',
          '^src/server\\.ts$',
          '^src/graph/schema(-file)?\\.ts$',
          '^src/cli(\\.ts$|/)',
          '^src/sandbox(\\.ts$|/)',
        ],
      },
      to: { path: '^src/providers/index\\.ts$' },
    },
    {
      name: 'live-path-no-sandbox',
      severity: 'error',
      comment: 'Live code reaches sandbox code only through a dynamic import(), so a live start never loads a simulator or demo data.',
      from: { path: '^src/', pathNot: SANDBOX },
      to: { path: SANDBOX, dependencyTypesNot: NOT_LOADED_AT_START },
    },
    {
      name: 'provider-isolation',
      severity: 'error',
      comment: 'A provider folder never imports another provider folder; shared code sits directly in src/providers/.',
      from: { path: '^src/providers/([^/]+)/' },
      to: { path: '^src/providers/[^/]+/', pathNot: '^src/providers/$1/' },
    },
    {
      name: 'http-knows-no-graph',
      severity: 'error',
      comment: 'The REST layer knows no GraphQL: graph code depends on http/, never the other way.',
      from: { path: '^src/http/' },
      to: { path: '^src/graph/' },
    },
    {
      name: 'graph-no-transport',
      severity: 'error',
      comment: 'GraphQL code reaches upstreams through provider clients and loaders, never through undici or the REST client itself.',
      from: { path: ['^src/graph/', '^src/providers/[^/]+/graph\\.ts$'] },
      to: { path: ['(^|/)node_modules/undici/', '^src/http/rest-client\\.ts$'] },
    },
    {
      name: 'shared-code-no-provider',
      severity: 'error',
      comment:
        'Code outside src/providers/ names no provider folder; it reaches providers through the registry and the ProviderModule contract.',
      from: { path: '^src/', pathNot: '^src/providers/' },
      to: { path: '^src/providers/[^/]+/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    skipAnalysisNotInRules: true,
  },
};
