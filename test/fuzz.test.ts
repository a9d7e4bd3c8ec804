/**
 * Property-based fuzzing over real HTTP against one live-mode stack with all five simulators.
 *
 * 1. Every mutation with arbitrary `variables.input` (valid-looking and hostile): never 5xx, never
 *    "Unexpected error.", always a union member; a refusal by the gateway (coercion error or
 *    ValidationError of its own) reaches no simulator; an input invalid by construction is
 *    always refused that way.
 * 2. Random documents over the real schema (aliases, fragments, directives, deep nesting, garbage
 *    edits): never 5xx, JSON with `errors` or `data`, never "Unexpected error.", /health still up.
 * 3. Random Content-Type, bodies, methods and X-Request-Id: never 5xx, the next query still works,
 *    and the request id the gateway records is the caller's only when it is a safe one.
 *
 * Seeds: set FUZZ_SEED to replay a run; every failure prints its seed and counterexample.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocument } from './fixtures/fuzz-documents.ts';
import {
  booleanField,
  boundedTextField,
  connectorConfigField,
  domainListField,
  extraFields,
  httpsUrlField,
  idField,
  logtoProviderNameField,
  loneSurrogateString,
  type MaybeTagged,
  metadataUrlField,
  metadataXmlField,
  notAnObject,
  OMIT,
  randomString,
  secretField,
  slugField,
  type Tagged,
} from './fixtures/fuzz-values.ts';
import { type Stack, startStack } from './harness.ts';

/**
 * CI replays a fixed seed, so a submission lands or not on its own merits; local runs explore a
 * new seed each time (and print it) so new bugs keep being found.
 */
const CI_SEED = 20261124;
const SEED =
  process.env.FUZZ_SEED !== undefined
    ? Number(process.env.FUZZ_SEED)
    : process.env.CI
      ? CI_SEED
      : Date.now() ^ (Math.random() * 0x7fffffff);
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || undefined;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 30_000);
afterAll(() => stack?.close());

/** fc.assert with the seed printed on failure (fast-check also prints seed and path). */
async function check<T>(name: string, property: fc.IAsyncPropertyWithHooks<T>, numRuns: number): Promise<void> {
  const started = performance.now();
  try {
    await fc.assert(property, { seed: SEED, numRuns: RUNS ?? numRuns, interruptAfterTimeLimit: 45_000 });
  } catch (error) {
    throw new Error(`[fuzz] ${name} failed with FUZZ_SEED=${SEED}\n${(error as Error).message}`, { cause: error });
  } finally {
    durations.push(`${name}: ${RUNS ?? numRuns} runs planned, ${Math.round(performance.now() - started)} ms`);
  }
}

const durations: string[] = [];
/** What the runs ended in, per property (printed at the end, to see the fuzz reaches deep). */
const outcomes = new Map<string, Map<string, number>>();
function tally(name: string, outcome: string): void {
  const counts = outcomes.get(name) ?? new Map<string, number>();
  counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  outcomes.set(name, counts);
}
afterAll(() => {
  const lines = durations.map((line) => {
    const name = line.split(':')[0] ?? '';
    const entries = [...(outcomes.get(name) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]);
    const total = entries.reduce((sum, [, count]) => sum + count, 0);
    return entries.length > 0 ? `${line}; ${total} requests: ${entries.map(([key, count]) => `${key} ${count}`).join(', ')}` : line;
  });
  console.info(`[fuzz] seed ${SEED}\n  ${lines.join('\n  ')}`);
});

// ---------------------------------------------------------------------------------------------
// HTTP helpers

interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

async function post(body: BodyInit, headers: Record<string, string> = {}, method = 'POST', search = ''): Promise<Answer> {
  const response = await fetch(`${stack.url}/graphql${search}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}

function postJson(payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return post(JSON.stringify(payload), { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers });
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
}

/** The checks every GraphQL answer must pass, whatever was sent. */
function expectSaneGraphQL(answer: Answer, context: string): GraphQLBody {
  expect(answer.status, `${context}: status ${answer.status}: ${answer.text.slice(0, 500)}`).toBeLessThan(500);
  expect(answer.json, `${context}: body is not JSON: ${answer.text.slice(0, 300)}`).toBeTypeOf('object');
  const body = answer.json as GraphQLBody;
  expect(body.data !== undefined || Array.isArray(body.errors), `${context}: neither data nor errors: ${answer.text.slice(0, 300)}`).toBe(
    true,
  );
  for (const error of body.errors ?? []) {
    expect(error.message, `${context}: masked error in ${answer.text.slice(0, 800)}`).not.toBe('Unexpected error.');
    expect(['INTERNAL', 'INTERNAL_SERVER_ERROR']).not.toContain(error.extensions?.code);
  }
  expect(answer.text).not.toContain('Unexpected error.');
  return body;
}

const simulatorList = () => Object.values(stack.simulators);
const totalUpstreamCalls = () => simulatorList().reduce((sum, simulator) => sum + (simulator?.count() ?? 0), 0);
const resetUpstreamLogs = () => {
  for (const simulator of simulatorList()) simulator?.resetLog();
};
const upstreamSummary = () =>
  simulatorList()
    .flatMap((simulator) =>
      simulator ? simulator.requests.map((request) => `${simulator.name} ${request.method} ${request.path} -> ${request.status}`) : [],
    )
    .join(', ');

async function expectAlive(): Promise<void> {
  const health = await fetch(`${stack.url}/health`);
  expect(health.status).toBe(200);
  await health.body?.cancel();
  const answer = await postJson({ query: '{ __typename }' });
  expect(answer.status).toBe(200);
  expect(answer.json).toEqual({ data: { __typename: 'Query' } });
}

// ---------------------------------------------------------------------------------------------
// 1. Mutation inputs

const ERROR_TYPES = new Set([
  'ValidationError',
  'NotFoundError',
  'PermissionDeniedError',
  'ConflictError',
  'RateLimitedError',
  'UpstreamUnavailableError',
  'UpstreamContractError',
  'UpstreamOutcomeUnknownError',
  'ProviderNotConfiguredError',
]);

const RESULT = `__typename ... on Error { code message provider upstreamRequestId } ... on ValidationError { fieldErrors { path message } } ... on RateLimitedError { retryAfterSeconds }`;
const ACCOUNT = 'managedAccount { id token name emailDomain ssoConnection { id status domains provider } }';
const LOGTO_CONNECTOR =
  'connector { id connectorId connectorName providerName config domains syncProfile branding { displayName logo darkLogo } status protocol idpMetadataUrl providerConfig }';
const PANDA_SSO = 'sso { id organizationId ssoId slug providerName issuer clientId enabled domains status raw }';

/** The GraphQL type of an input field, to tell values coercion accepts from the rest. */
type Kind = 'string' | 'boolean' | 'strings' | 'json' | 'branding';

interface FieldSpec {
  arbitrary: fc.Arbitrary<Tagged>;
  kind?: Kind;
  required?: boolean;
}

const isStringOrNull = (value: unknown) => value === null || typeof value === 'string';

/** Whether GraphQL input coercion accepts `value` for a field of this kind. */
function coercible(kind: Kind, value: unknown, required: boolean): boolean {
  if (value === null) return !required;
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'strings':
      return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    case 'json':
      return true;
    case 'branding':
      return typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every(isStringOrNull);
  }
}

interface MutationSpec {
  field: string;
  inputType: string;
  payload: string;
  fields: Record<string, FieldSpec>;
  /** An input the gateway must refuse on its own even when each field is fine (e.g. nothing to update). */
  refusedAsWhole?: (input: Record<string, unknown>) => boolean;
}

const VANTAGE_TOKENS = ['acct_1f4e2b7c9d0a3e5f', 'acct_2a5c8e1b4d7f0a3c'];
const LOGTO_IDS = ['k2x8m4q1v7zb', 'p9d3f6h2j5lw', 'e8w6q4r2t0yp', 'h1j3k5l7m9nb'];
const STYTCH_ORGS = ['organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931', 'organization-test-2f4c8e1a-6b3d-4a9e-8c7f-1d5e9b0a3c62'];
const STYTCH_SAML = [
  'saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9',
  'saml-connection-test-9c3e7b2a-1f6d-4e8a-b5c4-7a2d0e9f1b38',
  'saml-connection-test-6d2a9f4e-8c1b-4b7a-9e3d-0f5c2a8b1e76',
];
const PANDA_ORGS = ['1234567890', '2468013579', '1357924680'];

const given = (input: Record<string, unknown>, keys: readonly string[]) =>
  keys.some((key) => input[key] !== undefined && input[key] !== null);

const pandaFields = (): Record<string, FieldSpec> => ({
  organizationId: { arbitrary: idField(PANDA_ORGS) },
  slug: { arbitrary: slugField() },
  providerName: { arbitrary: boundedTextField(['Okta', 'Azure AD'], 200) },
  issuer: { arbitrary: metadataUrlField() },
  clientId: { arbitrary: idField(['client-123', '0oa1b2c3d4']) },
  clientSecret: { arbitrary: secretField() },
  authorizationEndpoint: { arbitrary: metadataUrlField() },
  tokenEndpoint: { arbitrary: metadataUrlField() },
  userinfoEndpoint: { arbitrary: metadataUrlField() },
  callbackUrl: { arbitrary: metadataUrlField() },
  domains: { arbitrary: domainListField(), kind: 'strings' },
  enabled: { arbitrary: booleanField(), kind: 'boolean' },
});
const PANDA_UPDATABLE = [
  'slug',
  'providerName',
  'issuer',
  'clientId',
  'clientSecret',
  'authorizationEndpoint',
  'tokenEndpoint',
  'userinfoEndpoint',
  'callbackUrl',
  'domains',
  'enabled',
];

const branding: FieldSpec = {
  kind: 'branding',
  arbitrary: fc.oneof(
    {
      arbitrary: fc
        .record({
          displayName: fc.oneof(fc.constant<MaybeTagged>(OMIT), boundedTextField(['Acme SSO'], 128)),
          logo: fc.oneof(fc.constant<MaybeTagged>(OMIT), httpsUrlField()),
          darkLogo: fc.oneof(fc.constant<MaybeTagged>(OMIT), httpsUrlField()),
        })
        .map((parts) => assemble(parts)),
      weight: 4,
    },
    {
      arbitrary: fc.constantFrom<Tagged>(
        { value: null, mustRefuse: false },
        { value: 'Acme', mustRefuse: true },
        { value: [{}], mustRefuse: true },
        { value: 42, mustRefuse: true },
      ),
      weight: 1,
    },
  ),
};

const MUTATIONS: MutationSpec[] = [
  {
    field: 'createManagedAccountSso',
    inputType: 'CreateManagedAccountSsoInput',
    payload: `... on CreateManagedAccountSsoPayload { ${ACCOUNT} }`,
    fields: {
      managedAccountToken: { arbitrary: idField(VANTAGE_TOKENS), required: true },
      samlMetadataUrl: { arbitrary: metadataUrlField(), required: true },
      additionalDomains: { arbitrary: domainListField(), kind: 'strings' },
    },
  },
  {
    field: 'updateManagedAccountSso',
    inputType: 'UpdateManagedAccountSsoInput',
    payload: `... on UpdateManagedAccountSsoPayload { ${ACCOUNT} }`,
    fields: {
      managedAccountToken: { arbitrary: idField(VANTAGE_TOKENS), required: true },
      samlMetadataUrl: { arbitrary: metadataUrlField() },
      additionalDomains: { arbitrary: domainListField(), kind: 'strings' },
    },
    refusedAsWhole: (input) => !given(input, ['samlMetadataUrl', 'additionalDomains']),
  },
  {
    field: 'deleteManagedAccountSso',
    inputType: 'DeleteManagedAccountSsoInput',
    payload: `... on DeleteManagedAccountSsoPayload { managedAccountToken managedAccount { token emailDomain } }`,
    fields: { managedAccountToken: { arbitrary: idField(VANTAGE_TOKENS), required: true } },
  },
  {
    field: 'updateDatoCmsSsoSettings',
    inputType: 'UpdateDatoCmsSsoSettingsInput',
    payload: `... on UpdateDatoCmsSsoSettingsPayload { ssoSettings { id settingsId idpSamlMetadataUrl idpSamlMetadataXml status defaultRole { roleId name } } }`,
    fields: {
      idpSamlMetadataUrl: {
        arbitrary: fc.oneof(
          { arbitrary: metadataUrlField(), weight: 5 },
          { arbitrary: fc.constant<Tagged>({ value: null, mustRefuse: false }), weight: 1 },
        ),
      },
      idpSamlMetadataXml: { arbitrary: metadataXmlField() },
      defaultRoleId: {
        arbitrary: fc.oneof(
          { arbitrary: idField(['103', '101', '999999']), weight: 5 },
          { arbitrary: fc.constant<Tagged>({ value: null, mustRefuse: true }), weight: 1 },
        ),
      },
    },
    refusedAsWhole: (input) => !['idpSamlMetadataUrl', 'idpSamlMetadataXml', 'defaultRoleId'].some((key) => key in input),
  },
  {
    field: 'updateStytchSamlConnectionByUrl',
    inputType: 'UpdateStytchSamlConnectionByUrlInput',
    payload: `... on UpdateStytchSamlConnectionByUrlPayload { connection { id connectionId organizationId status stytchStatus idpEntityId idpSsoUrl domains } }`,
    fields: {
      organizationId: { arbitrary: idField(STYTCH_ORGS), required: true },
      connectionId: { arbitrary: idField(STYTCH_SAML), required: true },
      metadataUrl: { arbitrary: metadataUrlField(), required: true },
    },
  },
  {
    field: 'createLogtoSsoConnector',
    inputType: 'CreateLogtoSsoConnectorInput',
    payload: `... on CreateLogtoSsoConnectorPayload { ${LOGTO_CONNECTOR} }`,
    fields: {
      providerName: { arbitrary: logtoProviderNameField(), required: true },
      connectorName: { arbitrary: boundedTextField(['Initech SAML', 'Fuzz connector'], 128), required: true },
      config: { arbitrary: connectorConfigField(), kind: 'json' },
      domains: { arbitrary: domainListField(), kind: 'strings' },
      branding,
      syncProfile: { arbitrary: booleanField(), kind: 'boolean' },
    },
  },
  {
    field: 'updateLogtoSsoConnector',
    inputType: 'UpdateLogtoSsoConnectorInput',
    payload: `... on UpdateLogtoSsoConnectorPayload { ${LOGTO_CONNECTOR} }`,
    fields: {
      connectorId: { arbitrary: idField(LOGTO_IDS), required: true },
      connectorName: { arbitrary: boundedTextField(['Renamed'], 128) },
      config: { arbitrary: connectorConfigField(), kind: 'json' },
      domains: { arbitrary: domainListField(), kind: 'strings' },
      branding,
      syncProfile: { arbitrary: booleanField(), kind: 'boolean' },
    },
    refusedAsWhole: (input) => !given(input, ['connectorName', 'config', 'domains', 'branding', 'syncProfile']),
  },
  {
    field: 'deleteLogtoSsoConnector',
    inputType: 'DeleteLogtoSsoConnectorInput',
    payload: `... on DeleteLogtoSsoConnectorPayload { connectorId }`,
    // Mostly unknown ids, so the demo connectors stay for the other mutations.
    fields: { connectorId: { arbitrary: idField(['k2x8m4q1v7zb', 'no-such-connector', 'zzzzzzzzzzzz']), required: true } },
  },
  {
    field: 'createPandaStackSso',
    inputType: 'CreatePandaStackSsoInput',
    payload: `... on CreatePandaStackSsoPayload { ${PANDA_SSO} }`,
    fields: pandaFields(),
  },
  {
    field: 'updatePandaStackSso',
    inputType: 'UpdatePandaStackSsoInput',
    payload: `... on UpdatePandaStackSsoPayload { ${PANDA_SSO} }`,
    fields: { ...pandaFields(), ssoId: { arbitrary: idField(['sso_1', '42']) } },
    refusedAsWhole: (input) => !given(input, PANDA_UPDATABLE),
  },
  {
    field: 'deletePandaStackSso',
    inputType: 'DeletePandaStackSsoInput',
    payload: `... on DeletePandaStackSsoPayload { organizationId deleted }`,
    fields: { organizationId: { arbitrary: idField(PANDA_ORGS) } },
  },
];

/** Builds an object from present fields; refused when any present field must be refused. */
function assemble(parts: Record<string, MaybeTagged>, required: readonly string[] = []): Tagged {
  const value: Record<string, unknown> = {};
  let mustRefuse = false;
  for (const [key, part] of Object.entries(parts)) {
    if (part === OMIT) {
      if (required.includes(key)) mustRefuse = true;
      continue;
    }
    value[key] = part.value;
    // A null for a required (non-null) field is a coercion error.
    if (part.mustRefuse || (required.includes(key) && part.value === null)) mustRefuse = true;
  }
  return { value, mustRefuse };
}

function hasHttpString(value: unknown): boolean {
  if (typeof value === 'string') return /^http:\/\//i.test(value.trim());
  if (Array.isArray(value)) return value.some(hasHttpString);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasHttpString);
  return false;
}

interface GeneratedInput {
  input: unknown;
  mustRefuse: boolean;
}

/**
 * Inputs for one mutation. Four in five pass GraphQL input coercion (right types, required
 * fields present, no unknown keys), so they reach the validators, half of those with no value
 * known to be invalid, so they often reach the upstream; the rest may break coercion any way.
 */
function inputArbitrary(spec: MutationSpec): fc.Arbitrary<GeneratedInput> {
  const required = Object.entries(spec.fields)
    .filter(([, field]) => field.required)
    .map(([key]) => key);
  /** `typed`: coercion-valid values only; `clean`: also none that must be refused, fewer fields. */
  const model = (typed: boolean, clean: boolean) =>
    Object.fromEntries(
      Object.entries(spec.fields).map(([key, field]) => {
        let values = field.arbitrary;
        if (typed) values = values.filter((tagged) => coercible(field.kind ?? 'string', tagged.value, field.required ?? false));
        if (clean) values = values.filter((tagged) => !tagged.mustRefuse);
        if (typed && field.required) return [key, values];
        const present = field.required ? 12 : clean ? 2 : 4;
        return [
          key,
          fc.oneof(
            { arbitrary: fc.constant<MaybeTagged>(OMIT), weight: field.required ? 1 : clean ? 5 : 3 },
            { arbitrary: values as fc.Arbitrary<MaybeTagged>, weight: present },
          ),
        ];
      }),
    ) as Record<string, fc.Arbitrary<MaybeTagged>>;
  const build = (typed: boolean, clean = false) =>
    fc
      .tuple(fc.record(model(typed, clean)), typed ? fc.constant(undefined) : fc.option(extraFields, { freq: 4, nil: undefined }))
      .map(([parts, extra]): GeneratedInput => {
        const assembled = assemble(parts, required);
        const input = { ...(assembled.value as Record<string, unknown>) };
        let mustRefuse = assembled.mustRefuse || (spec.refusedAsWhole?.(input) ?? false);
        for (const [key, value] of Object.entries(extra ?? {})) {
          if (key in spec.fields) continue;
          Object.defineProperty(input, key, { value, enumerable: true, configurable: true, writable: true });
          mustRefuse = true;
        }
        // The live-mode write check: no string anywhere in the input may start with http://.
        if (hasHttpString(input)) mustRefuse = true;
        return { input, mustRefuse };
      });
  return fc.oneof(
    { arbitrary: build(true, true), weight: 8 },
    { arbitrary: build(true), weight: 8 },
    { arbitrary: build(false), weight: 3 },
    { arbitrary: notAnObject.map((input) => ({ input, mustRefuse: true })), weight: 1 },
  );
}

interface MutationResult {
  __typename?: string;
  code?: string;
  message?: string;
  provider?: string | null;
  fieldErrors?: { path: string[]; message: string }[];
}

/** A ValidationError an upstream gave (HTTP 400/422), as opposed to one the gateway made. */
const fromUpstream = (result: MutationResult) => /rejected the input/.test(result.message ?? '') && (result.fieldErrors ?? []).length === 0;

describe('fuzz: mutation inputs', () => {
  for (const spec of MUTATIONS) {
    it(`${spec.field}: typed answers, and refused inputs never reach an upstream`, async () => {
      const query = `mutation Fuzz($input: ${spec.inputType}!) { result: ${spec.field}(input: $input) { ${RESULT} ${spec.payload} } }`;
      await check(
        spec.field,
        fc.asyncProperty(inputArbitrary(spec), async ({ input, mustRefuse }) => {
          resetUpstreamLogs();
          const answer = await postJson({ query, variables: { input } });
          const calls = totalUpstreamCalls();
          const context = `${spec.field}(${JSON.stringify(input)?.slice(0, 400)})`;
          const body = expectSaneGraphQL(answer, context);
          const result = (body.data?.result ?? null) as MutationResult | null;

          tally(spec.field, result?.__typename ?? `HTTP ${answer.status} request error`);
          if (!result) {
            // No data: a GraphQL request error (variable coercion); it must not reach an upstream.
            expect(body.errors?.length, `${context}: null data without errors`).toBeGreaterThan(0);
            expect([200, 400], `${context}: ${answer.text.slice(0, 300)}`).toContain(answer.status);
            expect(calls, `${context}: coercion error after upstream calls: ${upstreamSummary()}`).toBe(0);
            return;
          }
          expect(body.errors, `${context}: union answer with errors: ${answer.text.slice(0, 500)}`).toBeUndefined();
          const typename = result.__typename ?? '';
          expect(typename.endsWith('Payload') || ERROR_TYPES.has(typename), `${context}: not a union member: ${typename}`).toBe(true);

          const refusedByGateway = typename === 'ValidationError' && !fromUpstream(result);
          if (refusedByGateway) {
            expect(result.code).toBe('VALIDATION_FAILED');
            expect(calls, `${context}: ValidationError "${result.message}" after upstream calls: ${upstreamSummary()}`).toBe(0);
          }
          if (mustRefuse) {
            expect(
              refusedByGateway,
              `${context}: invalid input was not refused by the gateway; answer ${answer.text.slice(0, 500)}; upstream: ${upstreamSummary()}`,
            ).toBe(true);
          }
        }),
        110,
      );
    }, 60_000);
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Random documents

describe('fuzz: random documents', () => {
  it('answers every document with JSON, no 5xx, no masked error, and stays healthy', async () => {
    await check(
      'documents',
      fc.asyncProperty(
        fc.array(fc.nat({ max: 1 << 16 }), { minLength: 0, maxLength: 400 }),
        fc.constantFrom('application/graphql-response+json', 'application/json', '*/*'),
        fc.constantFrom({}, { flag: true }, { flag: 'yes' }, { x: null }, { flag: [true] }),
        fc.oneof(randomString, loneSurrogateString, fc.constantFrom('acct_1f4e2b7c9d0a3e5f', 'k2x8m4q1v7zb', '1234567890')),
        async (tape, accept, variables, s) => {
          const query = buildDocument(tape);
          const answer = await postJson({ query, variables: { ...variables, s } }, { accept });
          const body = expectSaneGraphQL(
            answer,
            `document ${JSON.stringify(query.slice(0, 1500))} with $s = ${JSON.stringify(s).slice(0, 100)}`,
          );
          tally('documents', body.data ? (body.errors ? 'data+errors' : 'data') : `HTTP ${answer.status} errors`);
          const health = await fetch(`${stack.url}/health`);
          expect(health.status).toBe(200);
          await health.body?.cancel();
        },
      ),
      200,
    );
    await expectAlive();
  }, 60_000);

  it('refuses documents beyond the operation limits without calling an upstream', async () => {
    const id = Buffer.from('VantageManagedAccount:acct_1f4e2b7c9d0a3e5f').toString('base64');
    await check(
      'limits',
      fc.asyncProperty(
        fc.constantFrom('depth', 'aliases', 'directives', 'tokens'),
        fc.integer({ min: 1, max: 40 }),
        async (kind, extra) => {
          let query: string;
          if (kind === 'depth') {
            let inner = 'id';
            for (let level = 8 + extra; level >= 2; level -= 1)
              inner = `${level % 2 === 0 ? 'ssoConnection' : 'managedAccount'} { ${inner} }`;
            query = `{ node(id: "${id}") { ... on VantageManagedAccount { ${inner} } } }`;
          } else if (kind === 'aliases') {
            query = `{ ${Array.from({ length: 15 + extra }, (_, i) => `a${i}: vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") { token }`).join(' ')} }`;
          } else if (kind === 'directives') {
            query = `{ vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") ${'@include(if: true) '.repeat(20 + extra)} { token } }`;
          } else {
            query = `{ vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") { ${'__typename '.repeat(2000 + extra * 10)} } }`;
          }
          resetUpstreamLogs();
          const answer = await postJson({ query });
          const body = expectSaneGraphQL(answer, `${kind}+${extra}`);
          expect(body.data ?? null, `${kind}+${extra}: ${answer.text.slice(0, 300)}`).toBeNull();
          expect(answer.status).toBe(400);
          expect(totalUpstreamCalls(), `${kind}+${extra}: ${upstreamSummary()}`).toBe(0);
        },
      ),
      60,
    );
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// 3. Headers and bodies

const headerValue = fc
  .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 200 })
  .map((text) => text.trim());

const contentTypes = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'APPLICATION/JSON',
    'application/graphql',
    'application/graphql+json',
    'application/graphql-response+json',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=----x',
    'multipart/mixed; boundary="-"',
    'text/plain',
    'text/plain; charset=utf-8',
    'text/html',
    'application/xml',
    'application/octet-stream',
    '*/*',
    ';',
    'application/json;;;',
    'application/json; boundary=',
  ),
  headerValue,
);

const bodies: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.json({ maxDepth: 4 }),
  fc.constantFrom(
    '',
    '{',
    '}',
    'null',
    '[]',
    '[{"query":"{ __typename }"}]',
    '[{"query":"{ __typename }"},{"query":"{ __typename }"}]',
    '{"query":null}',
    '{"query":42}',
    '{"query":["{ __typename }"]}',
    '{"query":{"kind":"Document"}}',
    '{"query":"{ __typename }","variables":"not an object"}',
    '{"query":"{ __typename }","variables":[1,2]}',
    '{"query":"{ __typename }","operationName":42}',
    '{"query":"{ __typename }","operationName":"Nope"}',
    '{"query":"{ __typename }","extensions":"x"}',
    '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}',
    '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"0000000000000000000000000000000000000000000000000000000000000000"}}}',
    '{"documentId":"abc"}',
    '{"query":"{ __typename }","__proto__":{"polluted":true}}',
    '{"query":"{ __typename }", "query":"{ __schema { types { name } } }"}',
    'query={__typename}',
    'query=%7B__typename%7D&variables=%7B',
    '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--x--',
    '\uFEFF{"query":"{ __typename }"}',
    `{"query":"{ __typename }","variables":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    `{"query":"${'{'.repeat(3000)}"}`,
    `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
    `{"query":"{ __typename }","pad":"${'x'.repeat(120_000)}"}`,
  ),
  fc
    .record(
      {
        query: fc.oneof(fc.string({ maxLength: 100 }), fc.constant('{ __typename }'), fc.jsonValue({ maxDepth: 2 })),
        variables: fc.jsonValue({ maxDepth: 3 }),
        operationName: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);

describe('fuzz: headers and bodies', () => {
  it('never answers 5xx to odd content types, bodies, methods or request ids, and keeps serving', async () => {
    await check(
      'http',
      fc.asyncProperty(
        fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.option(contentTypes, { nil: undefined }),
        bodies,
        fc.option(headerValue, { nil: undefined }),
        fc.option(
          fc.constantFrom(
            'application/json',
            'application/graphql-response+json',
            'text/html',
            '*/*',
            'application/xml',
            'text/event-stream',
            'multipart/mixed',
            '',
          ),
          { nil: undefined },
        ),
        fc.boolean(),
        fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
        async (method, contentType, body, requestId, accept, csrf, search) => {
          const headers: Record<string, string> = {};
          if (contentType !== undefined) headers['content-type'] = contentType;
          if (requestId !== undefined) headers['x-request-id'] = requestId;
          if (accept !== undefined) headers.accept = accept;
          if (csrf) headers['x-graphql-csrf'] = '1';
          const query = search === undefined ? '' : `?query=${encodeURIComponent(search)}`;
          const answer = await post(body, headers, method, query);
          const context = `${method} ${query} ${JSON.stringify(headers)} ${JSON.stringify(body.slice(0, 300))}`;
          tally('http', `HTTP ${answer.status}`);
          expect(answer.status, `${context}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          expect(answer.text, context).not.toContain('Unexpected error.');
          if (/json/.test(answer.contentType) && answer.text !== '') {
            expect(answer.json, `${context}: JSON content type but unparsable body ${answer.text.slice(0, 200)}`).toBeTypeOf('object');
          }
          await expectAlive();
        },
      ),
      200,
    );
  }, 60_000);

  it("records the caller's X-Request-Id only when it is a safe one, else a fresh UUID", async () => {
    const SAFE = /^[A-Za-z0-9._-]{1,128}$/;
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    await check(
      'request-id',
      fc.asyncProperty(
        fc.oneof(
          headerValue,
          fc.stringMatching(/^[A-Za-z0-9._-]{1,140}$/),
          fc.constantFrom('../x', 'a\tb', 'a b', '{"x":1}', 'x'.repeat(128), 'x'.repeat(129)),
        ),
        async (requestId) => {
          stack.audit.length = 0;
          const answer = await postJson(
            { query: 'mutation { deleteManagedAccountSso(input: { managedAccountToken: ".." }) { __typename } }' },
            { 'x-request-id': requestId },
          );
          expectSaneGraphQL(answer, `x-request-id ${JSON.stringify(requestId)}`);
          expect(stack.audit).toHaveLength(1);
          const record = JSON.parse(stack.audit[0] ?? '{}') as { requestId?: string };
          // fetch trims header values; what the gateway sees is the trimmed value.
          const sent = requestId.trim();
          if (SAFE.test(sent)) expect(record.requestId).toBe(sent);
          else expect(record.requestId).toMatch(UUID);
        },
      ),
      150,
    );
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Regressions: minimal reproductions of bugs the fuzzer found, as plain tests of the correct
// behaviour.

describe('fuzz regressions', () => {
  const RESULT_ONLY = `__typename ... on Error { code message } ... on ValidationError { fieldErrors { path message } }`;

  async function mutate(
    field: string,
    inputType: string,
    input: Record<string, unknown>,
  ): Promise<{ result: MutationResult | undefined; text: string; calls: number }> {
    resetUpstreamLogs();
    const answer = await postJson({
      query: `mutation ($input: ${inputType}!) { result: ${field}(input: $input) { ${RESULT_ONLY} } }`,
      variables: { input },
    });
    const body = answer.json as GraphQLBody;
    return { result: body.data?.result as MutationResult | undefined, text: answer.text, calls: totalUpstreamCalls() };
  }

  // An id with an unpaired UTF-16 surrogate passes `upstreamId`, then `encodeURIComponent` throws
  // URIError while the client builds the upstream path: the answer was "Unexpected error."
  // (INTERNAL_SERVER_ERROR, data null) instead of a ValidationError.
  it.each([
    ['deleteManagedAccountSso', 'DeleteManagedAccountSsoInput', { managedAccountToken: '\uD800' }, 'managedAccountToken'],
    [
      'createManagedAccountSso',
      'CreateManagedAccountSsoInput',
      { managedAccountToken: 'acct_\uDC00', samlMetadataUrl: 'https://idp.example.com/m' },
      'managedAccountToken',
    ],
    [
      'updateManagedAccountSso',
      'UpdateManagedAccountSsoInput',
      { managedAccountToken: '\uD800', additionalDomains: ['acme.example'] },
      'managedAccountToken',
    ],
    ['deleteLogtoSsoConnector', 'DeleteLogtoSsoConnectorInput', { connectorId: '\uD800' }, 'connectorId'],
    ['updateLogtoSsoConnector', 'UpdateLogtoSsoConnectorInput', { connectorId: '\uD800', syncProfile: true }, 'connectorId'],
    [
      'updateStytchSamlConnectionByUrl',
      'UpdateStytchSamlConnectionByUrlInput',
      { organizationId: '\uD800', connectionId: 'x', metadataUrl: 'https://idp.example.com/m' },
      'organizationId',
    ],
    [
      'updateStytchSamlConnectionByUrl',
      'UpdateStytchSamlConnectionByUrlInput',
      { organizationId: 'org', connectionId: '\uDBFF', metadataUrl: 'https://idp.example.com/m' },
      'connectionId',
    ],
  ])('%s refuses an id with a lone surrogate as ValidationError, before any upstream call (%j)', async (field, inputType, input, key) => {
    const { result, text, calls } = await mutate(field, inputType, input);
    expect(text).not.toContain('Unexpected error.');
    expect(result?.__typename, text).toBe('ValidationError');
    expect(result?.fieldErrors?.map((error) => error.path.join('.'))).toContain(`input.${key}`);
    expect(calls).toBe(0);
  });

  it('refuses a lone-surrogate id in query arguments with VALIDATION_FAILED, not "Unexpected error."', async () => {
    resetUpstreamLogs();
    const answer = await postJson({
      query:
        'query ($s: String!) { vantageManagedAccount(token: $s) { token } logtoSsoConnector(connectorId: $s) { id } stytchSamlConnection(organizationId: $s, connectionId: $s) { id } }',
      variables: { s: '\uD800' },
    });
    const body = answer.json as GraphQLBody;
    expect(answer.text).not.toContain('Unexpected error.');
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);
    expect(totalUpstreamCalls()).toBe(0);
  });

  // The live-mode check refuses only strings that literally start with `http://`, while the URL
  // validators judge the WHATWG-parsed protocol. Spellings the parser normalizes to http pass
  // both, and the raw string is written to the upstream.
  it.each([
    'http:/127.0.0.1/metadata',
    'http:127.0.0.1/metadata',
    'http:\\\\127.0.0.1\\metadata',
    '\u0001http://127.0.0.1/metadata',
    'ht\ttp://127.0.0.1/metadata',
    'h\nttp://localhost/metadata',
  ])('refuses the http URL %j in live mode before any upstream call', async (url) => {
    const { result, text, calls } = await mutate('updateManagedAccountSso', 'UpdateManagedAccountSsoInput', {
      managedAccountToken: 'acct_1f4e2b7c9d0a3e5f',
      samlMetadataUrl: url,
    });
    expect(result?.__typename, text).toBe('ValidationError');
    expect(result?.fieldErrors?.map((error) => error.path.join('.'))).toContain('input.samlMetadataUrl');
    expect(calls, upstreamSummary()).toBe(0);
  });
});
