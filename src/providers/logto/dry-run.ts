/**
 * Logto's side of dry runs: each write planned against the connector as Logto has it now. A new
 * config is judged as Logto would fetch it: its metadata URL or document, or its inline
 * certificate; what Logto fetched for the old config (providerConfig) no longer applies.
 */
import { NotFoundError } from '../../graph/errors.ts';
import { changedFields, type PlannedChange, PROPOSED_KEY } from '../../insight/dry-run.ts';
import { withoutSecrets } from '../../secret-keys.ts';
import type { LogtoLoaders } from './loaders.ts';
import { type ConnectorCreate, type ConnectorWrite, hasRequiredConfig, type LogtoSsoConnector, samlIdentityProvider } from './wire.ts';

/** Logto's SAML-speaking providers; the others are OIDC. */
const SAML_PROVIDERS = new Set(['SAML', 'AzureAD']);

export async function planUpdate(loaders: LogtoLoaders, connectorId: string, write: ConnectorWrite): Promise<PlannedChange> {
  const before = await existing(loaders, connectorId);
  return { provider: 'logto', before, after: project(before, write), changes: changesOf(before, write) };
}

export async function planDelete(loaders: LogtoLoaders, connectorId: string): Promise<PlannedChange> {
  const before = await existing(loaders, connectorId);
  return {
    provider: 'logto',
    before,
    after: null,
    changes: [{ field: 'connector', current: before.connectorName, proposed: null, currentKnown: true }],
  };
}

export function planCreate(create: ConnectorCreate): PlannedChange {
  const providerType = SAML_PROVIDERS.has(create.providerName) ? 'saml' : 'oidc';
  const config = create.config ?? {};
  const after: LogtoSsoConnector = {
    __typename: 'LogtoSsoConnector',
    provider: 'logto',
    key: PROPOSED_KEY,
    connectorId: PROPOSED_KEY,
    tenantId: '',
    providerName: create.providerName,
    connectorName: create.connectorName,
    config: withoutSecrets(config),
    clientSecret: null,
    domains: create.domains ?? [],
    branding: {
      displayName: create.branding?.displayName ?? null,
      logo: create.branding?.logo ?? null,
      darkLogo: create.branding?.darkLogo ?? null,
    },
    syncProfile: create.syncProfile ?? false,
    enableTokenStorage: null,
    createdAt: new Date(),
    name: create.providerName,
    providerType,
    providerLogo: '',
    providerLogoDark: '',
    providerConfig: null,
    protocol: providerType === 'saml' ? 'SAML' : 'OIDC',
    displayName: create.branding?.displayName || create.connectorName,
    idpMetadataUrl: typeof config.metadataUrl === 'string' ? config.metadataUrl : null,
    status: hasRequiredConfig(create.providerName, providerType, config) ? 'UNKNOWN' : 'PENDING',
    ...samlIdentityProvider(providerType === 'saml' ? 'SAML' : 'OIDC', config, null),
  };
  const empty: ConnectorWrite = {};
  return { provider: 'logto', before: null, after, changes: changedFields(fieldChanges(empty, { ...create, config }, true)) };
}

async function existing(loaders: LogtoLoaders, connectorId: string): Promise<LogtoSsoConnector> {
  const connector = await loaders.connectorById.load(connectorId);
  if (!connector) throw new NotFoundError(`Logto has no SSO connector with id ${connectorId}`, 'logto');
  return connector;
}

function project(before: LogtoSsoConnector, write: ConnectorWrite): LogtoSsoConnector {
  const after: LogtoSsoConnector = {
    ...before,
    connectorName: write.connectorName ?? before.connectorName,
    domains: write.domains ?? before.domains,
    syncProfile: write.syncProfile ?? before.syncProfile,
  };
  if (write.branding) {
    after.branding = {
      displayName: write.branding.displayName ?? null,
      logo: write.branding.logo ?? null,
      darkLogo: write.branding.darkLogo ?? null,
    };
  }
  after.displayName = after.branding.displayName || after.connectorName;
  if (write.config) {
    const config = write.config;
    Object.assign(after, samlIdentityProvider(before.protocol, config, null), {
      config: withoutSecrets(config),
      providerConfig: null,
      idpMetadataUrl: before.protocol === 'SAML' && typeof config.metadataUrl === 'string' ? config.metadataUrl : null,
    });
  }
  return after;
}

function changesOf(before: LogtoSsoConnector, write: ConnectorWrite) {
  const current: ConnectorWrite = {
    connectorName: before.connectorName,
    config: before.config,
    domains: before.domains,
    branding: before.branding,
    syncProfile: before.syncProfile,
  };
  return changedFields(fieldChanges(current, write, true));
}

/** Config values are shown without their secret keys, on both sides. */
function fieldChanges(current: ConnectorWrite, proposed: ConnectorWrite, currentKnown: boolean) {
  return [
    { field: 'connectorName', current: current.connectorName ?? null, proposed: proposed.connectorName, currentKnown },
    { field: 'config', current: current.config ?? null, proposed: proposed.config && withoutSecrets(proposed.config), currentKnown },
    { field: 'domains', current: current.domains ?? null, proposed: proposed.domains, currentKnown },
    { field: 'branding', current: current.branding ?? null, proposed: proposed.branding, currentKnown },
    { field: 'syncProfile', current: current.syncProfile ?? null, proposed: proposed.syncProfile, currentKnown },
  ];
}
