/**
 * Dry runs of SSO mutations. A mutation called with `dryRun: true` validates as usual, reads the
 * current state, plans the change (each provider slice knows its own fields), inspects a new IdP
 * metadata URL or document, and answers with what would change and which health findings the
 * change would create or clear. Nothing is written upstream.
 *
 * How a mutation answers with the preview is the graph's business (graph/sso-mutation.ts): here it
 * is a plain value, planned and compared.
 */
import type { GatewayContext } from '../context.ts';
import type { SsoConnectionShape } from '../graph/sso-connection.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { type InspectedMetadata, inspectConnection, readMetadata } from './connection-insight.ts';
import { connectionRef, type Finding, findingKey, findingsOf } from './health.ts';
import { currentLandscape } from './report.ts';

/** Connections a create would add have no upstream key yet; findings leave them out of `connections`. */
export const PROPOSED_KEY = '(proposed)';

export interface FieldChange {
  field: string;
  current: unknown;
  proposed: unknown;
  /** False where the upstream cannot read the value back (Vantage SSO), so `current` is null, not known. */
  currentKnown: boolean;
}

export interface PlannedChange {
  provider: ProviderId;
  /** The connection as it is; null for a create. */
  before: SsoConnectionShape | null;
  /** The connection as it would be; null for a delete. */
  after: SsoConnectionShape | null;
  changes: FieldChange[];
}

/** What a dry run answers with. `dryRun` is how the write audit tells it from a payload. */
export class SsoChangePreview {
  readonly dryRun = true;
  readonly message: string;

  constructor(
    readonly provider: ProviderId,
    readonly operation: string,
    readonly changes: FieldChange[],
    readonly metadata: InspectedMetadata | null,
    readonly metadataProblem: string | null,
    readonly findingsCreated: Finding[],
    readonly findingsCleared: Finding[],
  ) {
    this.message = `Dry run of ${operation}: ${changes.length} field(s) would change; nothing was written`;
  }
}

export async function preview(context: GatewayContext, operation: string, plan: PlannedChange): Promise<SsoChangePreview> {
  const now = Date.now();
  const landscape = await currentLandscape(context);
  const target = plan.before ?? plan.after;
  const ref = target ? connectionRef(target) : '';
  const others = landscape.connections.filter((inspected) => connectionRef(inspected.connection) !== ref);
  const before = plan.before ? [...others, await inspectConnection(plan.before, context.metadata, context.call.signal)] : others;
  const afterTarget = plan.after ? await inspectConnection(plan.after, context.metadata, context.call.signal) : undefined;
  const after = afterTarget ? [...others, afterTarget] : others;
  const rules = { withinDays: 30, now };
  // Only findings that involve the changed connection: the rest of the landscape is not this change's doing.
  const involving = (findings: Finding[]) =>
    findings.filter((finding) => finding.connections.some((connection) => connectionRef(connection) === ref));
  const findingsBefore = involving(findingsOf(before, [], rules));
  const findingsAfter = involving(findingsOf(after, [], rules));
  const keysBefore = new Set(findingsBefore.map(findingKey));
  const keysAfter = new Set(findingsAfter.map(findingKey));
  const metadataChanged =
    plan.after?.idpMetadata && JSON.stringify(plan.after.idpMetadata) !== JSON.stringify(plan.before?.idpMetadata ?? null);
  return new SsoChangePreview(
    plan.provider,
    operation,
    plan.changes,
    metadataChanged && afterTarget && !afterTarget.metadataError ? await inspectedMetadata(context, plan.after) : null,
    metadataChanged && afterTarget?.metadataError ? `${afterTarget.metadataError.code}: ${afterTarget.metadataError.message}` : null,
    findingsAfter.filter((finding) => !keysBefore.has(findingKey(finding))),
    findingsBefore.filter((finding) => !keysAfter.has(findingKey(finding))),
  );
}

/** The new metadata as a document (the inspector has it cached from the inspection above). */
async function inspectedMetadata(context: GatewayContext, connection: SsoConnectionShape | null): Promise<InspectedMetadata | null> {
  const source = connection?.idpMetadata;
  return source ? readMetadata(context.metadata, source, context.call.signal) : null;
}

/** A change entry for each field whose proposed value is given and differs from the current one. */
export function changedFields(entries: readonly FieldChange[]): FieldChange[] {
  return entries.filter(
    (entry) => entry.proposed !== undefined && (!entry.currentKnown || JSON.stringify(entry.current) !== JSON.stringify(entry.proposed)),
  );
}
