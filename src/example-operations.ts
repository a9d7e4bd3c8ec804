/**
 * The saved example operations in `examples/operations/`: one named operation per `.graphql`
 * file, with its example variables on a comment line `# variables: {...}`. GraphiQL opens one tab
 * per file, and test/examples.test.ts runs every file against the simulators, so what a newcomer
 * clicks on is what the tests prove works.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OperationDefinitionNode, type OperationTypeNode, parse } from 'graphql';

export interface ExampleOperation {
  /** File name, e.g. `all-sso-connections.graphql`. */
  file: string;
  /** The whole file, comments included: what a GraphiQL tab shows. */
  document: string;
  operationName: string;
  operationType: OperationTypeNode;
  /** The `# variables:` JSON of the file; `{}` when it has none. */
  variables: Record<string, unknown>;
}

/** Opened first in GraphiQL: every SSO connection of every provider. */
export const DEFAULT_EXAMPLE_FILE = 'all-sso-connections.graphql';

/**
 * Where the examples live, found from this module's own location so the current directory does
 * not matter: `src/example-operations.ts` (tsx) is one level below the repository root, the
 * compiled `dist/src/example-operations.js` two. Undefined when neither has them (an image that
 * ships only `dist/`).
 */
export function findExamplesDirectory(): string | undefined {
  return ['../examples/operations/', '../../examples/operations/']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((directory) => existsSync(directory));
}

/**
 * Reads and parses every example. A file that does not parse, holds other than exactly one named
 * operation, or has variables that are not a JSON object throws, naming the file: a broken example
 * should fail loudly rather than open as a broken tab.
 */
export function loadExampleOperations(directory: string): ExampleOperation[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => parseExample(file, readFileSync(join(directory, file), 'utf8')))
    .sort(compareExamples);
}

function parseExample(file: string, document: string): ExampleOperation {
  const operations = parse(document).definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
  );
  const [operation] = operations;
  if (operations.length !== 1 || !operation?.name) throw new Error(`${file}: must hold exactly one named operation`);
  const line = /^# variables:(.*)$/m.exec(document)?.[1];
  let variables: unknown = {};
  try {
    variables = line === undefined ? {} : JSON.parse(line);
  } catch {
    throw new Error(`${file}: the "# variables:" line is not valid JSON`);
  }
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw new Error(`${file}: the "# variables:" line must be a JSON object`);
  }
  return {
    file,
    document,
    operationName: operation.name.value,
    operationType: operation.operation,
    variables: variables as Record<string, unknown>,
  };
}

/**
 * The order of GraphiQL's tabs: the default query, then reads, then writes with deletes last, each
 * by file name. Clicking through the tabs once in a fresh sandbox then never deletes an object
 * before the tab that updates it (Acme's Vantage connection is both updated and deleted).
 */
function compareExamples(a: ExampleOperation, b: ExampleOperation): number {
  const rank = (example: ExampleOperation) =>
    example.file === DEFAULT_EXAMPLE_FILE
      ? 0
      : example.operationType !== 'mutation'
        ? 1
        : example.operationName.startsWith('Delete')
          ? 3
          : 2;
  return rank(a) - rank(b) || a.file.localeCompare(b.file);
}

export interface GraphiQLExamples {
  defaultQuery?: string;
  defaultTabs?: { query: string; variables: string }[];
}

let loaded: GraphiQLExamples | undefined;

/**
 * GraphiQL's opening state: the default query plus one tab per example (GraphiQL uses the tabs
 * only when the browser has no tabs of its own stored yet). Read from disk once per process;
 * `onMissing` is told when the examples are not there, and GraphiQL then opens on its own default.
 */
export function graphiqlExamples(onMissing: (message: string) => void): GraphiQLExamples {
  if (loaded) return loaded;
  const directory = findExamplesDirectory();
  if (!directory) {
    onMissing('examples/operations/ not found next to the gateway: GraphiQL opens without the saved example operations');
    loaded = {};
    return loaded;
  }
  const examples = loadExampleOperations(directory);
  const first = examples.find((example) => example.file === DEFAULT_EXAMPLE_FILE);
  loaded = {
    ...(first ? { defaultQuery: first.document } : {}),
    defaultTabs: examples.map((example) => ({ query: example.document, variables: JSON.stringify(example.variables, null, 2) })),
  };
  return loaded;
}

let names: string[] | undefined;

/** The examples' operation names (none when the examples are not there), read once per process. */
export function exampleOperationNames(): string[] {
  if (!names) {
    const directory = findExamplesDirectory();
    names = directory ? loadExampleOperations(directory).map((example) => example.operationName) : [];
  }
  return names;
}
