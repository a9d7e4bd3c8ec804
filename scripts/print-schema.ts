/**
 * Prints the schema to `schema.graphql` and the subgraph schema to `subgraph.graphql` (both
 * sorted), or with `--check` fails when a committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { printSchemaFile, printSubgraphFile, SCHEMA_FILE, SUBGRAPH_FILE } from '../src/graph/schema-file.ts';

const files = [
  { path: SCHEMA_FILE, printed: await printSchemaFile() },
  { path: SUBGRAPH_FILE, printed: await printSubgraphFile() },
];
const check = process.argv.includes('--check');
for (const { path, printed } of files) {
  if (!check) {
    writeFileSync(path, printed);
    console.log(`wrote ${path}`);
  } else if (readFileSync(path, 'utf8') !== printed) {
    console.error(`${path} is stale: run npm run schema:print`);
    process.exitCode = 1;
  }
}
