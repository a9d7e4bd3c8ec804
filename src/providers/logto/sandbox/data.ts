/**
 * Demo connectors and provider facts for the Logto simulator, in Logto's wire format. The
 * simulator derives `providerConfig` from these on every read, as Logto does.
 */
import { issueCertificate } from '../../../sandbox/idp/certificates.ts';
import type { SandboxIdp } from '../../../sandbox/idp/server.ts';
import { ACME_ENTRA_ENTITY_ID, SANDBOX_IDP_PATHS } from '../../../sandbox/idp/tenants.ts';
import type { LOGTO_PROVIDER_NAMES } from '../wire.ts';

/** Ids of the demo connectors, for tests and examples. */
export const DEMO_CONNECTOR_IDS = {
  acme: 'k2x8m4q1v7zb',
  stark: 'p9d3f6h2j5lw',
  wayne: 'a7c1e9g3i5ko',
  hooli: 'r4t6y8u0w2qs',
  cyberdyne: 'n3b5v7c9x1zm',
  tyrell: 'e8w6q4r2t0yp',
  soylent: 'h1j3k5l7m9nb',
  umbrella: 'u5i7o9p1a3sd',
} as const;

export type ProviderName = (typeof LOGTO_PROVIDER_NAMES)[number];

export interface StoredConnector {
  tenantId: string;
  id: string;
  providerName: ProviderName;
  connectorName: string;
  config: Record<string, unknown>;
  domains: string[];
  branding: { displayName?: string; logo?: string; darkLogo?: string };
  syncProfile: boolean;
  enableTokenStorage: boolean;
  createdAt: number;
  /**
   * The IdP details Logto read when the connector was saved (`providerConfig.identityProvider`),
   * or null when it could not read them. Absent: derived from the config on every read.
   */
  idpSnapshot?: Record<string, unknown> | null;
}

interface ProviderFacts {
  providerType: 'saml' | 'oidc';
  name: string;
  description: string;
  logo: string;
  logoDark: string;
}

const logo = (slug: string, dark = false) => `https://cdn.logto.example/assets/sso/${slug}${dark ? '-dark' : ''}.svg`;

export const PROVIDERS: Record<ProviderName, ProviderFacts> = {
  OIDC: {
    providerType: 'oidc',
    name: 'OIDC',
    description: 'Any identity provider that speaks OpenID Connect.',
    logo: logo('oidc'),
    logoDark: logo('oidc', true),
  },
  SAML: {
    providerType: 'saml',
    name: 'SAML',
    description: 'Any identity provider that speaks SAML 2.0.',
    logo: logo('saml'),
    logoDark: logo('saml', true),
  },
  AzureAD: {
    providerType: 'saml',
    name: 'Microsoft Entra ID (SAML)',
    description: 'Microsoft Entra ID over SAML 2.0.',
    logo: logo('entra'),
    logoDark: logo('entra', true),
  },
  GoogleWorkspace: {
    providerType: 'oidc',
    name: 'Google Workspace',
    description: 'Google Workspace accounts over OIDC.',
    logo: logo('google'),
    logoDark: logo('google', true),
  },
  Okta: {
    providerType: 'oidc',
    name: 'Okta',
    description: 'Okta Workforce Identity over OIDC.',
    logo: logo('okta'),
    logoDark: logo('okta', true),
  },
  AzureAdOidc: {
    providerType: 'oidc',
    name: 'Microsoft Entra ID (OIDC)',
    description: 'Microsoft Entra ID over OIDC.',
    logo: logo('entra-oidc'),
    logoDark: logo('entra-oidc', true),
  },
};

/** Public-mail domains Logto refuses to route to a connector (a subset of its list of 19). */
export const FORBIDDEN_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'qq.com',
  '163.com',
  'aol.com',
]);

/** Demo secret in the OIDC connector's config: tests check it never leaves the gateway. */
export const DEMO_OIDC_CLIENT_SECRET = 'demo-oidc-client-secret-NOT-REAL-5e1c9a';

/** A real certificate for configs that carry one inline, issued by the sandbox IdP's key. */
const DEMO_CERTIFICATE = issueCertificate({
  subject: { commonName: 'Demo IdP', organization: 'SSO Gateway sandbox' },
  notBefore: new Date(Date.now() - 200 * 86_400_000),
  notAfter: new Date(Date.now() + 900 * 86_400_000),
}).base64;
const DAY = 86_400_000;

/**
 * `count` connectors for load and batching tests: the demo connectors first (so their ids keep
 * working), then numbered copies cycling through the demo connectors' providers.
 */
export function scaledConnectors(idp: SandboxIdp, count: number): StoredConnector[] {
  const templates = demoConnectors(idp);
  return Array.from({ length: count }, (_, index) => {
    const template = templates[index % templates.length] as StoredConnector;
    const id = index < templates.length ? template.id : `load${String(index).padStart(8, '0')}`;
    return { ...template, id, connectorName: `${template.connectorName} ${index}`, domains: [`load${index}.example`] };
  });
}

export function demoConnectors(idp: SandboxIdp): StoredConnector[] {
  const now = Date.now();
  const base = { tenantId: 'default', syncProfile: false, enableTokenStorage: false, branding: {} };
  return [
    {
      ...base,
      id: DEMO_CONNECTOR_IDS.acme,
      providerName: 'SAML',
      connectorName: 'Acme SAML',
      // Also claimed by a Vantage managed account: the sandbox's cross-provider domain overlap.
      domains: ['acme.example'],
      config: { metadataUrl: idp.url(SANDBOX_IDP_PATHS.entraAcme), attributeMapping: { email: 'mail', name: 'displayName' } },
      // Read before Acme's Entra tenant published its new certificate: Logto still trusts only the old one (drift).
      idpSnapshot: {
        entityId: ACME_ENTRA_ENTITY_ID,
        signInEndpoint: idp.url('/entra/7d1f2c3b-acme/saml2'),
        x509Certificate: idp.certificates.entraAcmeOld.base64,
      },
      branding: { displayName: 'Acme Corp', logo: 'https://acme.example/logo.svg' },
      createdAt: now - 120 * DAY,
    },
    {
      ...base,
      id: DEMO_CONNECTOR_IDS.stark,
      providerName: 'OIDC',
      connectorName: 'Stark Industries OIDC',
      domains: ['stark.example', 'stark-labs.example'],
      config: {
        clientId: 'stark-gateway-client',
        clientSecret: DEMO_OIDC_CLIENT_SECRET,
        issuer: 'https://login.stark.example',
        scope: 'openid profile email',
      },
      syncProfile: true,
      enableTokenStorage: true,
      createdAt: now - 90 * DAY,
    },
    {
      ...base,
      id: DEMO_CONNECTOR_IDS.wayne,
      providerName: 'AzureAD',
      connectorName: 'Wayne Enterprises Entra ID',
      domains: ['wayne.example'],
      // The entity ID of Globex's Entra tenant (also a Stytch connection's), pasted here by mistake: a reused entity ID.
      config: {
        entityId: 'https://sts.windows.example/6c1f2e3d-globex/',
        signInEndpoint: 'https://login.microsoftonline.example/7d1f2c3b/saml2',
        x509Certificate: DEMO_CERTIFICATE,
      },
      branding: { displayName: 'Wayne SSO' },
      createdAt: now - 60 * DAY,
    },
    {
      ...base,
      id: DEMO_CONNECTOR_IDS.hooli,
      providerName: 'GoogleWorkspace',
      connectorName: 'Hooli Google Workspace',
      domains: ['hooli.example'],
      config: { clientId: '1234-hooli.apps.googleusercontent.example', clientSecret: 'demo-google-secret-NOT-REAL-77aa' },
      createdAt: now - 30 * DAY,
    },
    {
      ...base,
      id: DEMO_CONNECTOR_IDS.cyberdyne,
      providerName: 'Okta',
      connectorName: 'Cyberdyne Okta',
      domains: ['cyberdyne.example'],
      // Complete, but the issuer cannot be reached right now: no providerConfig, status UNKNOWN.
      config: {
        clientId: '0oa1cyberdyne',
        clientSecret: 'demo-okta-secret-NOT-REAL-31bb',
        issuer: 'https://cyberdyne.okta.unreachable.example',
      },
      createdAt: now - 14 * DAY,
    },
    {
      ...base,
      id: DEMO_CONNECTOR_IDS.tyrell,
      providerName: 'SAML',
      connectorName: 'Tyrell SAML (draft)',
      // Created without IdP details yet: status PENDING.
      domains: ['tyrell.example'],
      config: {},
      createdAt: now - 2 * DAY,
    },
    {
      ...base,
      id: DEMO_CONNECTOR_IDS.umbrella,
      providerName: 'SAML',
      connectorName: 'Umbrella SAML',
      domains: ['umbrella-research.example'],
      // The IdP app was retired: its metadata URL answers 404 and Logto could not read it either.
      config: { metadataUrl: idp.url(SANDBOX_IDP_PATHS.retiredOkta) },
      idpSnapshot: null,
      createdAt: now - 400 * DAY,
    },
    {
      ...base,
      id: DEMO_CONNECTOR_IDS.soylent,
      providerName: 'AzureAdOidc',
      connectorName: 'Soylent Entra OIDC',
      domains: ['soylent.example'],
      config: {
        clientId: 'c0ffee00-soylent',
        clientSecret: 'demo-entra-secret-NOT-REAL-90cc',
        issuer: 'https://login.microsoftonline.example/soylent/v2.0',
      },
      createdAt: now - DAY,
    },
  ];
}

/** What Logto would fetch from the IdP with this config; undefined when it cannot be reached. */
export function providerConfigOf(connector: StoredConnector, endpoint: string): Record<string, unknown> | undefined {
  const { config, providerName, id, idpSnapshot } = connector;
  if (!isComplete(providerName, config) || isUnreachable(config) || idpSnapshot === null) return undefined;
  if (PROVIDERS[providerName].providerType === 'saml') {
    const host = typeof config.metadataUrl === 'string' ? new URL(config.metadataUrl).host : 'idp.example';
    return {
      serviceProvider: {
        entityId: `${endpoint}/enterprise-sso/${id}`,
        assertionConsumerServiceUrl: `${endpoint}/api/authn/single-sign-on/saml/${id}`,
      },
      identityProvider: idpSnapshot ?? {
        entityId: config.entityId ?? `https://${host}/entity`,
        signInEndpoint: config.signInEndpoint ?? `https://${host}/sso/saml`,
        x509Certificate: config.x509Certificate ?? DEMO_CERTIFICATE,
      },
    };
  }
  const issuer = providerName === 'GoogleWorkspace' ? 'https://accounts.google.com' : String(config.issuer);
  // Logto echoes the whole config, client secret included, inside providerConfig.
  return {
    ...config,
    issuer,
    authorizationEndpoint: `${issuer}/authorize`,
    tokenEndpoint: `${issuer}/token`,
    jwksUri: `${issuer}/jwks`,
    scope: config.scope ?? 'openid profile email',
  };
}

export function isComplete(providerName: ProviderName, config: Record<string, unknown>): boolean {
  const has = (...keys: string[]) => keys.every((key) => typeof config[key] === 'string' && config[key] !== '');
  if (PROVIDERS[providerName].providerType === 'saml')
    return has('metadataUrl') || has('metadata') || has('entityId', 'signInEndpoint', 'x509Certificate');
  return providerName === 'GoogleWorkspace' ? has('clientId', 'clientSecret') : has('clientId', 'clientSecret', 'issuer');
}

/** Sandbox convention: a host with `unreachable` in it never answers. */
export function isUnreachable(config: Record<string, unknown>): boolean {
  return [config.metadataUrl, config.issuer].some(
    (url) => typeof url === 'string' && URL.canParse(url) && new URL(url).host.includes('unreachable'),
  );
}
