/**
 * PandaStack's side of dry runs. Its SSO configuration is OIDC-style (no certificates), so what a
 * change can move in the health report is its domains and whether it is enabled. The client secret
 * is never shown: a change to it appears as "(secret)" on both sides.
 */
import { NotFoundError } from '../../graph/errors.ts';
import { changedFields, type FieldChange, type PlannedChange, PROPOSED_KEY } from '../../insight/dry-run.ts';
import type { PandaStackLoaders } from './loaders.ts';
import type { PandaStackSso, SsoWrite } from './wire.ts';

const SECRET = '(secret)';

export async function planCreate(organizationId: string, write: SsoWrite): Promise<PlannedChange> {
  const empty: PandaStackSso = {
    __typename: 'PandaStackSso',
    provider: 'pandastack',
    key: PROPOSED_KEY,
    organizationId,
    ssoId: null,
    slug: null,
    providerName: null,
    issuer: null,
    clientId: null,
    authorizationEndpoint: null,
    tokenEndpoint: null,
    userinfoEndpoint: null,
    callbackUrl: null,
    enabled: null,
    roleMapping: null,
    createdAt: null,
    updatedAt: null,
    raw: {},
    protocol: 'OIDC',
    displayName: null,
    idpMetadataUrl: null,
    domains: [],
    status: 'UNKNOWN',
    certificates: [],
    idpEntityId: null,
    idpMetadata: null,
  };
  return { provider: 'pandastack', before: null, after: project(empty, write), changes: changesOf(empty, write) };
}

export async function planUpdate(loaders: PandaStackLoaders, organizationId: string, write: SsoWrite): Promise<PlannedChange> {
  const before = await existing(loaders, organizationId);
  return { provider: 'pandastack', before, after: project(before, write), changes: changesOf(before, write) };
}

export async function planDelete(loaders: PandaStackLoaders, organizationId: string): Promise<PlannedChange> {
  const before = await existing(loaders, organizationId);
  return {
    provider: 'pandastack',
    before,
    after: null,
    changes: [{ field: 'ssoConfiguration', current: before.slug ?? before.ssoId, proposed: null, currentKnown: true }],
  };
}

async function existing(loaders: PandaStackLoaders, organizationId: string): Promise<PandaStackSso> {
  const sso = await loaders.singleByOrganization.load(organizationId);
  if (!sso) throw new NotFoundError(`PandaStack has no SSO configuration for organization ${organizationId}`, 'pandastack');
  return sso;
}

function project(before: PandaStackSso, write: SsoWrite): PandaStackSso {
  const enabled = write.enabled ?? before.enabled;
  return {
    ...before,
    ...definedOnly(write),
    domains: write.domains ?? before.domains,
    enabled,
    status: enabled === true ? 'ACTIVE' : enabled === false ? 'INACTIVE' : 'UNKNOWN',
  };
}

function changesOf(before: PandaStackSso, write: SsoWrite): FieldChange[] {
  const entries = Object.entries(write).filter(([field]) => field !== 'ssoId' && field !== 'clientSecret');
  const changes: FieldChange[] = entries.map(([field, proposed]) => ({
    field,
    current: (before as unknown as Record<string, unknown>)[field] ?? null,
    proposed,
    currentKnown: true,
  }));
  if (write.clientSecret !== undefined) changes.push({ field: 'clientSecret', current: SECRET, proposed: SECRET, currentKnown: false });
  return changedFields(changes);
}

function definedOnly(write: SsoWrite): Partial<PandaStackSso> {
  const { clientSecret: _secret, ssoId: _id, domains: _domains, ...rest } = write;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}
