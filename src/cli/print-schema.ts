/**
 * `sso-gateway print-schema`: the SDL for tooling that cannot run `npm run schema:print`.
 */
import { writeFile } from 'node:fs/promises';
import { defineCommand, type ExitCode, noOperands, type ParsedArgs } from './command.ts';

const OPTIONS = { out: { type: 'string', short: 'o' } } as const;

export const printSchemaCommand = defineCommand({
  name: 'print-schema',
  summary: 'print the GraphQL schema (SDL)',
  description: 'Prints the schema as SDL, sorted, exactly as schema.graphql holds it.',
  options: OPTIONS,
  help: { out: { value: 'FILE', text: 'write it to FILE instead of stdout' } },
  run: printSchema,
});

async function printSchema({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<ExitCode> {
  noOperands(positionals);
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
