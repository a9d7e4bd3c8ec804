/**
 * Property: no URL an upstream will fetch can point it at a forbidden host, whichever provider,
 * field, spelling or dry-run setting. Every URL-valued input of every provider's mutations gets
 * hosts from test/fixtures/fuzz-hosts.ts over real HTTP (live mode, all five simulators): each
 * answer is a ValidationError naming the field's path, and no simulator sees a request.
 *
 * Not covered, on purpose: Logto's branding `logo` / `darkLogo`, which browsers fetch, not Logto.
 * Seeds: FUZZ_SEED replays a run, as in test/fuzz.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forbiddenHostUrl } from './fixtures/fuzz-hosts.ts';
import { type MutationResult, mutationText, resetSimulators, upstreamCalls } from './fixtures/security-keys.ts';
import { type Stack, startStack } from './harness.ts';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261203 : Date.now();
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 200;

interface UrlField {
  field: string;
  inputType: string;
  /** Where the URL sits in `input`, as the ValidationError's path names it (after `input`). */
  path: string[];
  /** The rest of a valid input. */
  base: Record<string, unknown>;
}

const VANTAGE = { managedAccountToken: 'acct_1f4e2b7c9d0a3e5f' };
const STYTCH = {
  organizationId: 'organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931',
  connectionId: 'saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9',
};
const PANDA_URL_FIELDS = ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'userinfoEndpoint', 'callbackUrl'];
const LOGTO = [
  { field: 'createLogtoSsoConnector', inputType: 'CreateLogtoSsoConnectorInput', base: { providerName: 'OIDC', connectorName: 'Fuzz' } },
  { field: 'updateLogtoSsoConnector', inputType: 'UpdateLogtoSsoConnectorInput', base: { connectorId: 'p9d3f6h2j5lw' } },
];

const URL_FIELDS: UrlField[] = [
  { field: 'createManagedAccountSso', inputType: 'CreateManagedAccountSsoInput', path: ['samlMetadataUrl'], base: VANTAGE },
  { field: 'updateManagedAccountSso', inputType: 'UpdateManagedAccountSsoInput', path: ['samlMetadataUrl'], base: VANTAGE },
  { field: 'updateDatoCmsSsoSettings', inputType: 'UpdateDatoCmsSsoSettingsInput', path: ['idpSamlMetadataUrl'], base: {} },
  { field: 'updateStytchSamlConnectionByUrl', inputType: 'UpdateStytchSamlConnectionByUrlInput', path: ['metadataUrl'], base: STYTCH },
  ...['createPandaStackSso', 'updatePandaStackSso'].flatMap((field) =>
    PANDA_URL_FIELDS.map((name) => ({
      field,
      inputType: `${field.charAt(0).toUpperCase()}${field.slice(1)}Input`,
      path: [name],
      base: {},
    })),
  ),
  ...LOGTO.flatMap((logto) => ['metadataUrl', 'issuer'].map((key) => ({ ...logto, path: ['config', key] }))),
];

/** `input` with `url` placed at `path` (inside `config` for Logto, beside an OIDC client). */
function inputWith({ base, path }: UrlField, url: string): Record<string, unknown> {
  const [head = '', key] = path;
  if (key === undefined) return { ...base, [head]: url };
  return { ...base, [head]: { clientId: 'fuzz-client', clientSecret: 'fuzz-secret', [key]: url } };
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 30_000);
afterAll(() => stack?.close());

it('refuses every forbidden host in every URL an upstream fetches, before any upstream call', async () => {
  const property = fc.asyncProperty(fc.constantFrom(...URL_FIELDS), forbiddenHostUrl, fc.boolean(), async (target, url, dryRun) => {
    resetSimulators(stack);
    const text = mutationText(target).replace('(input: $input)', `(input: $input, dryRun: ${dryRun})`);
    const response = await stack.graphql<Record<string, MutationResult>>(text, { input: inputWith(target, url) });
    const context = `${target.field} ${target.path.join('.')} = ${JSON.stringify(url)} (dryRun ${dryRun})`;
    expect(response.errors, `${context}: ${response.text}`).toBeUndefined();
    const result = response.data?.[target.field];
    expect(result?.__typename, `${context}: ${response.text}`).toBe('ValidationError');
    expect(
      result?.fieldErrors?.map((error) => error.path.join('.')),
      context,
    ).toContain(['input', ...target.path].join('.'));
    expect(upstreamCalls(stack), `${context}: reached an upstream`).toBe(0);
  });
  try {
    await fc.assert(property, { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 45_000 });
  } catch (error) {
    throw new Error(`[fuzz] upstream URLs failed with FUZZ_SEED=${SEED}\n${(error as Error).message}`, { cause: error });
  }
}, 60_000);
