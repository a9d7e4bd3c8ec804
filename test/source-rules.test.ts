/**
 * Two rules of the source tree that no linter holds:
 * - outside src/providers/, no source file names a provider in code: shared code knows providers
 *   only through the registry, so a sixth provider needs no edit there. Comments may name them
 *   (they explain); identifiers, strings and templates may not. Tokens are read with TypeScript's
 *   own scanner, so `https://` in a string is not mistaken for a comment;
 * - no source file is over 300 lines: past that a file is split along its seams.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { providers } from '../src/providers/index.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const SRC = join(ROOT, 'src/');
const MAX_LINES = 300;
const NAMES = [
  ...new Set(providers.flatMap((module) => [module.id, module.name.split(' ')[0] ?? module.id].map((name) => name.toLowerCase()))),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every token of the file that is not a comment or white space, with its line. */
function codeTokens(text: string): { line: number; text: string }[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const tokens: { line: number; text: string }[] = [];
  // Brace depth inside each open template expression: the `}` that closes `${` resumes the template.
  const templates: number[] = [];
  let line = 1;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken && templates.at(-1) === 0) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
    } else if (kind === ts.SyntaxKind.TemplateHead) {
      templates.push(0);
    } else if (templates.length > 0 && (kind === ts.SyntaxKind.OpenBraceToken || kind === ts.SyntaxKind.CloseBraceToken)) {
      templates[templates.length - 1] = (templates.at(-1) ?? 0) + (kind === ts.SyntaxKind.OpenBraceToken ? 1 : -1);
    }
    const tokenText = scanner.getTokenText();
    line += (tokenText.match(/\n/g) ?? []).length;
    if (TRIVIA.has(kind)) continue;
    tokens.push({ line, text: tokenText });
  }
  return tokens;
}

const TRIVIA = new Set([
  ts.SyntaxKind.NewLineTrivia,
  ts.SyntaxKind.WhitespaceTrivia,
  ts.SyntaxKind.SingleLineCommentTrivia,
  ts.SyntaxKind.MultiLineCommentTrivia,
]);

function namesIn(file: string): string[] {
  return codeTokens(readFileSync(file, 'utf8')).flatMap(({ line, text }) =>
    NAMES.filter((name) => text.toLowerCase().includes(name)).map((name) => `${relative(SRC, file)}:${line} ${name}: ${text.slice(0, 80)}`),
  );
}

describe('provider names', () => {
  it('are looked for under every name the registry gives', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['vantage', 'datocms', 'stytch', 'logto', 'pandastack']));
  });

  it('are found by this scan where code names them, and not in comments', () => {
    const probe = `// vantage in a comment\n/* stytch too */\nconst a = 'https://x.example'; const logtoClient = \`\${a}/pandastack\`;`;
    const found = codeTokens(probe).map((token) => token.text);
    expect(found.join(' ')).not.toMatch(/vantage|stytch/);
    expect(found).toContain('logtoClient');
    expect(found.some((token) => token.includes('pandastack'))).toBe(true);
  });

  it('appear in no code outside src/providers/', () => {
    const shared = sourceFiles(SRC).filter((file) => !relative(SRC, file).startsWith('providers/'));
    expect(shared.length).toBeGreaterThan(50);
    expect(shared.flatMap(namesIn)).toEqual([]);
  });
});

describe('file size', () => {
  it(`keeps every source file of src/, scripts/ and bench/ at ${MAX_LINES} lines or fewer`, () => {
    const files = ['src', 'scripts', 'bench'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').trimEnd().split('\n').length }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});

describe("README's code layout", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## How the code is laid out'), readme.indexOf('### Adding a provider'));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const lines = block.split('\n');
  /** The entries a tree line names at an indent, with the text of its description (continuation lines included). */
  const entriesAt = (indent: number, from = 0, to = lines.length) => {
    const entries = new Map<string, string>();
    let current: string | undefined;
    for (const line of lines.slice(from, to)) {
      const name = new RegExp(`^ {${indent}}(\\S+)`).exec(line)?.[1];
      if (name) current = name;
      else if (!/^ {21}/.test(line) || line.search(/\S/) <= indent) current = undefined;
      if (current) entries.set(current, `${entries.get(current) ?? ''} ${line}`);
    }
    return entries;
  };
  const listing = (dir: string) =>
    readdirSync(join(ROOT, dir), { withFileTypes: true })
      .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
      .sort();

  it('names every file and folder directly under src/, and nothing else', () => {
    const start = lines.indexOf('src/');
    const end = lines.findIndex((line, index) => index > start && /^\S/.test(line));
    expect(start).toBeGreaterThanOrEqual(0);
    expect([...entriesAt(2, start + 1, end).keys()].sort()).toEqual(listing('src'));
  });

  it('names every shared file under src/providers/, and one folder per provider', () => {
    const start = lines.indexOf('  providers/');
    const end = lines.findIndex((line, index) => index > start && /^ {0,2}\S/.test(line));
    const named = [...entriesAt(4, start + 1, end).keys()].sort();
    const actual = listing('src/providers');
    expect(named.filter((name) => name !== '<provider>/')).toEqual(actual.filter((name) => !name.endsWith('/')));
    expect(named).toContain('<provider>/');
    expect(actual.filter((name) => name.endsWith('/'))).toEqual(providers.map((module) => `${module.id}/`).sort());
  });

  it('mentions only files that exist in the folder it describes', () => {
    const missing = [...entriesAt(2)].flatMap(([name, text]) =>
      name.endsWith('/') && existsSync(join(SRC, name))
        ? [...text.matchAll(/\b([\w-]+\.ts)\b/g)]
            .map((match) => match[1] ?? '')
            .filter((file) => !sourceFiles(join(SRC, name)).some((path) => path.endsWith(`/${file}`)))
            .map((file) => `${name}${file}`)
        : [],
    );
    expect(missing).toEqual([]);
  });
});
