/**
 * What a provider slice offers change plans: how one of its SAML connections is moved onto new IdP
 * metadata. Shared code finds the connections that claim a domain and loops over providers through
 * this contract; each slice decides what its API can take (a URL, a document, or both) and how it
 * tells that a connection already trusts the target.
 */
import type { SsoConnectionShape } from '../graph/sso-connection.ts';
import { signsAssertions } from '../insight/certificates.ts';
import type { PlannedChange } from '../insight/dry-run.ts';
import type { MetadataInspector } from '../insight/metadata/inspector.ts';
import type { SamlMetadata } from '../insight/metadata/types.ts';

/** The IdP metadata a plan moves connections onto: exactly one of URL and document, inspected once. */
export interface ChangeTarget {
  metadataUrl: string | null;
  metadataXml: string | null;
  metadata: SamlMetadata;
}

/** What planning one connection gives: the change (with the connection before and after), or why it is skipped. */
export type StepDraft = { kind: 'change'; change: PlannedChange } | { kind: 'skip'; reason: string };

export interface PlanTools {
  metadata: MetadataInspector;
  signal: AbortSignal | undefined;
}

/** A provider's side, over its own loaders (see `ProviderRuntimeParts.changePlanner`). */
export interface ChangePlanner<Loaders> {
  /** The connection with this key (`SsoConnectionShape.key`) as the upstream has it now; null when gone. */
  read(loaders: Loaders, key: string): Promise<SsoConnectionShape | null>;
  /** The step for one SAML connection that claims the domain; `skip` with the reason when it cannot or need not change. */
  plan(loaders: Loaders, connection: SsoConnectionShape, target: ChangeTarget, tools: PlanTools): Promise<StepDraft>;
  /** Writes the change through the provider's normal write path. */
  write(loaders: Loaders, connection: SsoConnectionShape, target: ChangeTarget): Promise<void>;
}

/** The same, bound to one request's loaders (what `RequestProvider.changePlanner` holds). */
export interface RequestChangePlanner {
  read(key: string): Promise<SsoConnectionShape | null>;
  plan(connection: SsoConnectionShape, target: ChangeTarget, tools: PlanTools): Promise<StepDraft>;
  write(connection: SsoConnectionShape, target: ChangeTarget): Promise<void>;
}

export const SKIP_REASONS = {
  oidc: 'OIDC connection: it trusts no SAML metadata',
  unchanged: 'nothing to change: the connection already trusts exactly the target metadata',
  urlOnly: 'this provider takes new IdP metadata only by URL; plan with metadataUrl',
  noPlanner: 'this provider cannot take IdP metadata this way',
} as const;

/** The target's signing certificates (what a connection must trust), by fingerprint, sorted. */
export function signingFingerprints(metadata: SamlMetadata): string[] {
  return metadata.certificates
    .filter(signsAssertions)
    .map((certificate) => certificate.fingerprintSha256)
    .sort();
}

/** The target as a connection keeps it: a URL when one was given, else the document. */
export function targetSource(target: Pick<ChangeTarget, 'metadataUrl' | 'metadataXml'>): { url: string } | { xml: string } {
  return target.metadataUrl !== null ? { url: target.metadataUrl } : { xml: target.metadataXml ?? '' };
}
