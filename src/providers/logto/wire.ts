/**
 * Logto's JSON exactly as the Management API sends it (already camelCase, epoch-ms dates), and the
 * mapping to the gateway's model. Secret keys inside connector configs are dropped from `config`
 * and `providerConfig` here; only an OIDC `clientSecret` is kept, apart, for callers with the
 * `sso:secrets` scope.
 */
import { z } from 'zod';
import type { SsoConnectionShape, SsoConnectionStatus } from '../../graph/sso-connection.ts';
import { fromUpstream } from '../../insight/certificates.ts';
import { withoutSecrets } from '../../secret-keys.ts';

/** The `providerName` values Logto documents for SSO connectors. */
export const LOGTO_PROVIDER_NAMES = ['OIDC', 'SAML', 'AzureAD', 'GoogleWorkspace', 'Okta', 'AzureAdOidc'] as const;

const JsonObject = z.record(z.string(), z.unknown());

export const TokenWire = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string(),
  scope: z.string().optional(),
});

const BrandingWire = z.object({
  displayName: z.string().optional(),
  logo: z.string().optional(),
  darkLogo: z.string().optional(),
});

export const ConnectorWire = z.object({
  tenantId: z.string(),
  id: z.string(),
  providerName: z.string(),
  connectorName: z.string(),
  config: JsonObject,
  domains: z.array(z.string()),
  branding: BrandingWire,
  syncProfile: z.boolean(),
  enableTokenStorage: z.boolean().optional(),
  createdAt: z.number(),
  name: z.string(),
  providerType: z.string(),
  providerLogo: z.string(),
  providerLogoDark: z.string(),
  providerConfig: JsonObject.optional(),
});

export const ConnectorListWire = z.array(ConnectorWire);

export const ConnectorProviderListWire = z.array(
  z.object({
    providerName: z.string(),
    providerType: z.string(),
    logo: z.string(),
    logoDark: z.string().nullable().optional(),
    description: z.string(),
    name: z.string(),
  }),
);

/** Logto's error body: `{ code, message, data?, details? }`; OIDC token errors use `{ error }`. */
export const ErrorWire = z.object({ code: z.string().optional(), error: z.string().optional() }).loose();

type ConnectorWire = z.infer<typeof ConnectorWire>;

export interface Branding {
  displayName: string | null;
  logo: string | null;
  darkLogo: string | null;
}

export interface LogtoSsoConnector extends SsoConnectionShape {
  connectorId: string;
  tenantId: string;
  providerName: string;
  connectorName: string;
  /** Secret keys removed (see `withoutSecrets`). */
  config: Record<string, unknown>;
  /** The OIDC client secret from the config; shown only with the `sso:secrets` scope. */
  clientSecret: string | null;
  branding: Branding;
  syncProfile: boolean;
  enableTokenStorage: boolean | null;
  createdAt: Date;
  name: string;
  providerType: string;
  providerLogo: string;
  providerLogoDark: string;
  /** Secret keys removed; null when Logto could not fetch the IdP details. */
  providerConfig: Record<string, unknown> | null;
}

export interface LogtoSsoConnectorProvider {
  providerName: string;
  providerType: string;
  logo: string;
  logoDark: string | null;
  description: string;
  name: string;
}

export function toConnectorProvider(wire: z.infer<typeof ConnectorProviderListWire>[number]): LogtoSsoConnectorProvider {
  return { ...wire, logoDark: wire.logoDark ?? null };
}

export function toConnector(wire: ConnectorWire): LogtoSsoConnector {
  const protocol = wire.providerType === 'saml' ? 'SAML' : wire.providerType === 'oidc' ? 'OIDC' : null;
  const metadataUrl = wire.config.metadataUrl;
  return {
    __typename: 'LogtoSsoConnector',
    provider: 'logto',
    connectorId: wire.id,
    tenantId: wire.tenantId,
    providerName: wire.providerName,
    connectorName: wire.connectorName,
    config: withoutSecrets(wire.config),
    clientSecret: typeof wire.config.clientSecret === 'string' ? wire.config.clientSecret : null,
    domains: wire.domains.map((domain) => domain.toLowerCase()),
    branding: {
      displayName: wire.branding.displayName ?? null,
      logo: wire.branding.logo ?? null,
      darkLogo: wire.branding.darkLogo ?? null,
    },
    syncProfile: wire.syncProfile,
    enableTokenStorage: wire.enableTokenStorage ?? null,
    createdAt: new Date(wire.createdAt),
    name: wire.name,
    providerType: wire.providerType,
    providerLogo: wire.providerLogo,
    providerLogoDark: wire.providerLogoDark,
    providerConfig: wire.providerConfig ? withoutSecrets(wire.providerConfig) : null,
    protocol,
    key: wire.id,
    displayName: wire.branding.displayName || wire.connectorName,
    idpMetadataUrl: protocol === 'SAML' && typeof metadataUrl === 'string' ? metadataUrl : null,
    status: statusOf(wire),
    ...samlIdentityProvider(protocol, wire.config, wire.providerConfig),
  };
}

type SamlIdentityProvider = Pick<SsoConnectionShape, 'certificates' | 'idpEntityId' | 'idpMetadata'>;

/**
 * The IdP side of a SAML connector. Logto keeps the IdP's certificate and entity ID only inside
 * free-form objects: `providerConfig.identityProvider` (what Logto read from the IdP) or the
 * config's inline `entityId` / `x509Certificate`. Its metadata is the config's `metadataUrl` or
 * `metadata` document.
 */
export function samlIdentityProvider(
  protocol: string | null,
  config: Record<string, unknown>,
  providerConfig: Record<string, unknown> | undefined | null,
): SamlIdentityProvider {
  if (protocol !== 'SAML') return { certificates: [], idpEntityId: null, idpMetadata: null };
  const fetched = providerConfig?.identityProvider;
  const idp = typeof fetched === 'object' && fetched !== null ? (fetched as Record<string, unknown>) : config;
  const certificate = stringOf(idp.x509Certificate);
  const metadataUrl = stringOf(config.metadataUrl);
  const metadata = stringOf(config.metadata);
  return {
    certificates: certificate ? [fromUpstream({ text: certificate, issuer: null, createdAt: null, expiresAt: null })] : [],
    idpEntityId: stringOf(idp.entityId),
    idpMetadata: metadataUrl ? { url: metadataUrl } : metadata ? { xml: metadata } : null,
  };
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * Logto has no status field. `providerConfig` is present only when Logto could fetch the IdP's
 * details with the stored config, which is the closest thing to "working": ACTIVE. Without it, a
 * config that lacks what the protocol needs is PENDING (set up, not finished); anything else
 * (complete config, IdP unreachable right now) is UNKNOWN.
 */
function statusOf(wire: ConnectorWire): SsoConnectionStatus {
  if (wire.providerConfig) return 'ACTIVE';
  return hasRequiredConfig(wire.providerName, wire.providerType, wire.config) ? 'UNKNOWN' : 'PENDING';
}

/** What each provider needs before Logto can reach the IdP (Logto's SAML and OIDC config guards). */
export function hasRequiredConfig(providerName: string, providerType: string, config: Record<string, unknown>): boolean {
  const has = (...keys: string[]) => keys.every((key) => typeof config[key] === 'string' && config[key] !== '');
  if (providerType === 'saml') return has('metadataUrl') || has('metadata') || has('entityId', 'signInEndpoint', 'x509Certificate');
  // Google Workspace's issuer is fixed by Logto, so only the client pair is asked for.
  if (providerName === 'GoogleWorkspace') return has('clientId', 'clientSecret');
  return has('clientId', 'clientSecret', 'issuer');
}

export interface ConnectorWrite {
  connectorName?: string | undefined;
  config?: Record<string, unknown> | undefined;
  domains?: string[] | undefined;
  branding?: Partial<Branding> | undefined;
  syncProfile?: boolean | undefined;
}

export interface ConnectorCreate extends ConnectorWrite {
  providerName: string;
  connectorName: string;
}

/** The POST/PATCH body: only the fields the caller gave (Logto replaces each top-level key whole). */
export function toConnectorBody(write: ConnectorWrite & { providerName?: string }): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (write.providerName !== undefined) body.providerName = write.providerName;
  if (write.connectorName !== undefined) body.connectorName = write.connectorName;
  if (write.config !== undefined) body.config = write.config;
  if (write.domains !== undefined) body.domains = write.domains;
  if (write.branding !== undefined) body.branding = definedOnly(write.branding);
  if (write.syncProfile !== undefined) body.syncProfile = write.syncProfile;
  return body;
}

function definedOnly(branding: Partial<Branding>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(branding)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}
