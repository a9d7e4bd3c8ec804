/**
 * The Logto simulator's checks on connector writes, in the order Logto runs them: the body guard
 * (400 `guard.invalid_input`), the provider name, domains, config shape, then the IdP connection.
 */
import { json, type SimReply } from '../../../sandbox/simulator-kit.ts';
import { LOGTO_PROVIDER_NAMES } from '../wire.ts';
import { FORBIDDEN_DOMAINS, isComplete, isUnreachable, type ProviderName, type StoredConnector } from './data.ts';

export function logtoError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): SimReply {
  return json(status, { code, message, ...extra });
}

export type ConnectorPatch = Partial<
  Pick<StoredConnector, 'connectorName' | 'config' | 'domains' | 'branding' | 'syncProfile' | 'enableTokenStorage'>
>;

type Checked<T> = { ok: T } | { error: SimReply };

interface Issue {
  path: string[];
  message: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The zod-like guard of `PATCH` (and the optional part of `POST`). */
function guardPatch(body: Record<string, unknown>, issues: Issue[]): ConnectorPatch {
  const patch: ConnectorPatch = {};
  const { connectorName, config, domains, branding, syncProfile, enableTokenStorage } = body;
  if (connectorName !== undefined) {
    if (typeof connectorName !== 'string' || connectorName.length < 1 || connectorName.length > 128)
      issues.push({ path: ['connectorName'], message: 'String must contain between 1 and 128 character(s)' });
    else patch.connectorName = connectorName;
  }
  if (config !== undefined) {
    if (!isObject(config)) issues.push({ path: ['config'], message: 'Expected object' });
    else patch.config = config;
  }
  if (domains !== undefined) {
    if (!Array.isArray(domains) || !domains.every((domain) => typeof domain === 'string'))
      issues.push({ path: ['domains'], message: 'Expected array of strings' });
    else patch.domains = domains as string[];
  }
  if (branding !== undefined) {
    const valid =
      isObject(branding) &&
      Object.entries(branding).every(([key, value]) => ['displayName', 'logo', 'darkLogo'].includes(key) && typeof value === 'string');
    if (!valid) issues.push({ path: ['branding'], message: 'Expected { displayName?, logo?, darkLogo? } of strings' });
    else patch.branding = branding as StoredConnector['branding'];
  }
  for (const [key, value] of [
    ['syncProfile', syncProfile],
    ['enableTokenStorage', enableTokenStorage],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'boolean') issues.push({ path: [key], message: 'Expected boolean' });
    else patch[key] = value;
  }
  return patch;
}

function invalidInput(issues: Issue[]): SimReply {
  return logtoError(400, 'guard.invalid_input', 'The request input is invalid.', {
    details: issues.map((issue) => ({ ...issue, code: 'invalid_type' })),
  });
}

export function checkCreate(body: unknown): Checked<ConnectorPatch & { providerName: ProviderName; connectorName: string }> {
  if (!isObject(body)) return { error: invalidInput([{ path: [], message: 'Expected object' }]) };
  const issues: Issue[] = [];
  if (typeof body.providerName !== 'string') issues.push({ path: ['providerName'], message: 'Required' });
  if (body.connectorName === undefined) issues.push({ path: ['connectorName'], message: 'Required' });
  const patch = guardPatch(body, issues);
  if (issues.length > 0) return { error: invalidInput(issues) };
  const providerName = body.providerName as string;
  if (!(LOGTO_PROVIDER_NAMES as readonly string[]).includes(providerName)) {
    return { error: logtoError(422, 'connector.not_found', 'Can not find connector for the given provider.') };
  }
  return { ok: { ...patch, providerName: providerName as ProviderName, connectorName: patch.connectorName ?? '' } };
}

export function checkPatch(body: unknown): Checked<ConnectorPatch> {
  if (body === undefined) return { ok: {} };
  if (!isObject(body)) return { error: invalidInput([{ path: [], message: 'Expected object' }]) };
  const issues: Issue[] = [];
  const patch = guardPatch(body, issues);
  return issues.length > 0 ? { error: invalidInput(issues) } : { ok: patch };
}

/** Domain and config rules, which need the provider and the other connectors. */
export function checkSemantics(providerName: ProviderName, patch: ConnectorPatch, others: StoredConnector[]): SimReply | undefined {
  if (patch.connectorName !== undefined && others.some((other) => other.connectorName === patch.connectorName)) {
    return logtoError(409, 'single_sign_on.duplicate_connector_name', 'Connector with the same name already exists in your tenant.');
  }
  if (patch.domains) {
    const lower = patch.domains.map((domain) => domain.toLowerCase());
    if (lower.some((domain) => FORBIDDEN_DOMAINS.has(domain))) {
      return logtoError(422, 'single_sign_on.forbidden_domains', 'Public email domains are not allowed.');
    }
    if (new Set(lower).size !== lower.length) return logtoError(422, 'single_sign_on.duplicated_domains', 'Duplicated domains are found.');
    patch.domains = lower;
  }
  const config = patch.config;
  if (config && Object.keys(config).length > 0) {
    if (!isComplete(providerName, config)) return logtoError(400, 'connector.invalid_config', "The connector's config is invalid.");
    const metadataUrl = config.metadataUrl;
    if (typeof metadataUrl === 'string' && (metadataUrl.includes('invalid') || isUnreachable(config) || !URL.canParse(metadataUrl))) {
      return logtoError(422, 'connector.invalid_metadata', 'Invalid connector metadata.');
    }
  }
  return undefined;
}
