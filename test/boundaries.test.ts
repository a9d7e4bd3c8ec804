/**
 * The layering rules of DESIGN.md, checked on the import statements themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
}

/** Relative imports resolved to paths under src/; package imports kept as they are. */
const files = sourceFiles(SRC).map((file) => ({
  file: relative(SRC, file),
  imports: importsOf(file).map((spec) => (spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)) : spec)),
}));
const providerOf = (path: string) => /^providers\/([^/]+)\//.exec(path)?.[1];

describe('module boundaries', () => {
  it('finds the source tree', () => {
    expect(files.filter((f) => f.file.startsWith('providers/vantage/')).length).toBeGreaterThanOrEqual(5);
  });

  it('no provider imports another provider', () => {
    const offenders = files.flatMap(({ file, imports }) => {
      const own = providerOf(file);
      return own ? imports.filter((target) => providerOf(target) && providerOf(target) !== own).map((target) => `${file} -> ${target}`) : [];
    });
    expect(offenders).toEqual([]);
  });

  it('GraphQL code never talks HTTP itself', () => {
    const offenders = files
      .filter(({ file }) => file.startsWith('graph/') || file.endsWith('/graph.ts'))
      .flatMap(({ file, imports }) => imports.filter((target) => target === 'undici' || target === 'http/rest-client.ts').map((target) => `${file} -> ${target}`));
    expect(offenders).toEqual([]);
  });

  it('shared code names no provider module except through the registry', () => {
    const offenders = files
      .filter(({ file }) => !file.startsWith('providers/'))
      .flatMap(({ file, imports }) => imports.filter((target) => providerOf(target) !== undefined).map((target) => `${file} -> ${target}`));
    expect(offenders).toEqual([]);
  });
});
