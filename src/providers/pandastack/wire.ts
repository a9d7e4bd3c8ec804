/**
 * PandaStack's SSO JSON and the mapping to the gateway's camelCase model. PandaStack documents no
 * response bodies at all ("Response object"), so every field here is one we know of from the
 * product docs, every one is optional, unknown fields are kept (they reach `raw`), and a known
 * field of an unexpected type becomes null rather than failing the whole call.
 */
import { z } from 'zod';
import { joinKey } from '../../graph/node.ts';
import type { SsoConnectionShape } from '../../graph/sso-connection.ts';
import { withoutSecrets } from '../../secret-keys.ts';

/** Any JSON object; nothing more can be promised about an undocumented body. */
export const JsonObjectWire = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObjectWire>;

/** What the SSO endpoints may answer: a bare array, a `{ data }` envelope, a bare object or nothing. */
export const SsoResponseWire = z.union([z.array(JsonObjectWire), JsonObjectWire, z.null(), z.undefined()]);
export type SsoResponseWire = z.infer<typeof SsoResponseWire>;

function lenient<T extends z.ZodType>(schema: T) {
  return schema.nullable().optional().catch(undefined);
}

const idLike = z.union([z.string(), z.number()]).transform(String);
const text = z.string();

const SsoConfigurationWire = z.looseObject({
  id: lenient(idLike),
  organization_id: lenient(idLike),
  slug: lenient(text),
  provider: lenient(text),
  provider_name: lenient(text),
  issuer: lenient(text),
  provider_url: lenient(text),
  client_id: lenient(idLike),
  authorization_endpoint: lenient(text),
  token_endpoint: lenient(text),
  userinfo_endpoint: lenient(text),
  callback_url: lenient(text),
  enabled: lenient(z.boolean()),
  domains: lenient(z.array(text)),
  role_mapping: lenient(z.unknown()),
  created_at: lenient(text),
  updated_at: lenient(text),
});

const KNOWN_KEYS = new Set(Object.keys(SsoConfigurationWire.shape));

export interface PandaStackSso extends SsoConnectionShape {
  /** The organization the configuration was read or written for (the `organization_id` parameter). */
  organizationId: string;
  ssoId: string | null;
  slug: string | null;
  providerName: string | null;
  issuer: string | null;
  clientId: string | null;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  userinfoEndpoint: string | null;
  callbackUrl: string | null;
  enabled: boolean | null;
  roleMapping: unknown;
  createdAt: Date | null;
  updatedAt: Date | null;
  /** The whole upstream object with secret-looking keys removed. */
  raw: JsonObject;
}

export function toPandaStackSso(object: JsonObject, organizationId: string): PandaStackSso {
  const wire = SsoConfigurationWire.parse(object);
  const providerName = wire.provider_name ?? wire.provider ?? null;
  const issuer = wire.issuer ?? wire.provider_url ?? null;
  const clientId = wire.client_id ?? null;
  return {
    __typename: 'PandaStackSso',
    provider: 'pandastack',
    organizationId,
    ssoId: wire.id ?? null,
    slug: wire.slug ?? null,
    providerName,
    issuer,
    clientId,
    authorizationEndpoint: wire.authorization_endpoint ?? null,
    tokenEndpoint: wire.token_endpoint ?? null,
    userinfoEndpoint: wire.userinfo_endpoint ?? null,
    callbackUrl: wire.callback_url ?? null,
    enabled: wire.enabled ?? null,
    roleMapping: withoutSecrets(wire.role_mapping ?? null),
    createdAt: dateOf(wire.created_at),
    updatedAt: dateOf(wire.updated_at),
    raw: withoutSecrets(object),
    // The product docs describe OIDC/OAuth provider settings; without an issuer or client id
    // nothing says which protocol the configuration speaks.
    protocol: issuer !== null || clientId !== null ? 'OIDC' : null,
    displayName: providerName ?? wire.slug ?? null,
    idpMetadataUrl: null,
    key: joinKey(organizationId, wire.id ?? 'default'),
    idpEntityId: null,
    idpMetadata: null,
    domains: (wire.domains ?? []).map((domain) => domain.toLowerCase()),
    status: wire.enabled === true ? 'ACTIVE' : wire.enabled === false ? 'INACTIVE' : 'UNKNOWN',
    certificates: [],
  };
}

/** The configurations in a list answer: `[...]`, `{ data: [...] }`, or one object. */
export function configurationsOf(body: SsoResponseWire): JsonObject[] {
  const unwrapped = unwrap(body);
  if (unwrapped == null) return [];
  const items = Array.isArray(unwrapped) ? unwrapped : [unwrapped];
  // An empty object is how an undocumented API most plausibly says "nothing configured".
  return items.filter((item) => Object.keys(item).length > 0);
}

/** The configuration in a read answer (`{...}` or `{ data: {...} }`); null when there is none. */
export function configurationOf(body: SsoResponseWire): JsonObject | null {
  return configurationsOf(body)[0] ?? null;
}

/**
 * The configuration a write answered with, if its body is one. A write may just as well answer
 * `{ "message": "…" }`; only an object with a field we know counts, so callers re-read otherwise.
 */
export function writtenConfigurationOf(body: SsoResponseWire): JsonObject | null {
  const object = configurationOf(body);
  return object && Object.keys(object).some((key) => KNOWN_KEYS.has(key)) ? object : null;
}

function unwrap(body: SsoResponseWire): JsonObject | JsonObject[] | null | undefined {
  if (body == null || Array.isArray(body)) return body;
  const data = body.data;
  const isEnvelope = 'data' in body && !Object.keys(body).some((key) => KNOWN_KEYS.has(key));
  if (!isEnvelope) return body;
  if (Array.isArray(data)) return data.filter(isJsonObject);
  return isJsonObject(data) ? data : null;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dateOf(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The gateway's write model; only fields the caller gave are set. */
export interface SsoWrite {
  ssoId?: string | undefined;
  slug?: string | undefined;
  providerName?: string | undefined;
  issuer?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  authorizationEndpoint?: string | undefined;
  tokenEndpoint?: string | undefined;
  userinfoEndpoint?: string | undefined;
  callbackUrl?: string | undefined;
  domains?: string[] | undefined;
  enabled?: boolean | undefined;
}

const WIRE_NAMES: Record<keyof SsoWrite, string> = {
  ssoId: 'id',
  slug: 'slug',
  providerName: 'provider_name',
  issuer: 'issuer',
  clientId: 'client_id',
  clientSecret: 'client_secret',
  authorizationEndpoint: 'authorization_endpoint',
  tokenEndpoint: 'token_endpoint',
  userinfoEndpoint: 'userinfo_endpoint',
  callbackUrl: 'callback_url',
  domains: 'domains',
  enabled: 'enabled',
};

/** The POST body in snake_case: only the fields given. */
export function toSsoBody(write: SsoWrite): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, wireName] of Object.entries(WIRE_NAMES) as [keyof SsoWrite, string][]) {
    if (write[field] !== undefined) body[wireName] = write[field];
  }
  return body;
}
