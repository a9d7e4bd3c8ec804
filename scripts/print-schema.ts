/**
 * Prints the schema to `schema.graphql` (sorted), or with `--check` fails when the committed
 * file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { printSchemaFile, SCHEMA_FILE } from '../src/graph/schema-file.ts';

const printed = await printSchemaFile();
if (process.argv.includes('--check')) {
  if (readFileSync(SCHEMA_FILE, 'utf8') !== printed) {
    console.error('schema.graphql is stale: run npm run schema:print');
    process.exit(1);
  }
} else {
  writeFileSync(SCHEMA_FILE, printed);
  console.log(`wrote ${SCHEMA_FILE}`);
}
