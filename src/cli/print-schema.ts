/**
 * `sso-gateway print-schema`: the SDL for tooling that cannot run `npm run schema:print`.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Command, type ExitCode, parseOrUsage } from './command.ts';

export const printSchemaCommand: Command = {
  summary: 'print the GraphQL schema (SDL)',
  usage: `Usage: sso-gateway print-schema [--out FILE]

Prints the schema as SDL, sorted, exactly as schema.graphql holds it.

  --out FILE   write it to FILE instead of stdout`,
  run: printSchema,
};

async function printSchema(args: string[]): Promise<ExitCode> {
  const { values } = parseOrUsage(() => parseArgs({ args, options: { out: { type: 'string' } }, strict: true }));
  // The same function `npm run schema:print` uses, so the output cannot drift from schema.graphql.
  const { printSchemaFile } = await import('../graph/schema-file.ts');
  const sdl = await printSchemaFile();
  if (values.out === undefined) {
    process.stdout.write(sdl);
  } else {
    await writeFile(values.out, sdl);
    console.error(`wrote ${values.out}`);
  }
  return 0;
}
