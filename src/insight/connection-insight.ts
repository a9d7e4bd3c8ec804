/**
 * What the gateway learns about one connection beyond what its upstream says: the certificates
 * and entity ID of the IdP metadata the upstream keeps (a URL is fetched through the SSRF-safe
 * inspector, a document is parsed), and why that failed when it did.
 */
import type { IdpMetadataRef, SsoCertificateShape, SsoConnectionShape } from '../graph/sso-connection.ts';
import { fromMetadata } from './certificates.ts';
import { MetadataError } from './metadata/errors.ts';
import type { MetadataInspector } from './metadata/inspector.ts';
import type { SamlMetadata } from './metadata/types.ts';

export interface InspectedConnection {
  connection: SsoConnectionShape;
  /** What `SsoConnection.certificates` shows: the upstream's own when it keeps any, else the metadata's. */
  certificates: SsoCertificateShape[];
  /** The metadata's certificates; null when the upstream keeps no metadata or it could not be read. */
  metadataCertificates: SsoCertificateShape[] | null;
  /** The upstream's entity ID, else the metadata's. */
  entityId: string | null;
  metadataError: MetadataError | null;
}

const inspected = new WeakMap<SsoConnectionShape, Promise<InspectedConnection>>();

/** Inspected once per connection object, however many fields and findings ask. */
export function inspectConnection(
  connection: SsoConnectionShape,
  inspector: MetadataInspector,
  signal?: AbortSignal,
): Promise<InspectedConnection> {
  let result = inspected.get(connection);
  if (!result) {
    result = inspectUncached(connection, inspector, signal);
    inspected.set(connection, result);
  }
  return result;
}

/** Metadata with where it was read, as `SamlMetadata` in the graph shows it. */
export interface InspectedMetadata extends SamlMetadata {
  source: 'METADATA_URL' | 'METADATA_XML';
}

/** The metadata a connection (or a caller) points at: fetched when a URL, parsed when a document. */
export async function readMetadata(inspector: MetadataInspector, source: IdpMetadataRef, signal?: AbortSignal): Promise<InspectedMetadata> {
  return source.url !== undefined
    ? { ...(await inspector.inspectUrl(source.url, signal)), source: 'METADATA_URL' }
    : { ...(await inspector.inspectXml(source.xml)), source: 'METADATA_XML' };
}

async function inspectUncached(
  connection: SsoConnectionShape,
  inspector: MetadataInspector,
  signal?: AbortSignal,
): Promise<InspectedConnection> {
  const upstream = connection.certificates;
  const source = connection.idpMetadata;
  const base = { connection, certificates: upstream, metadataCertificates: null, entityId: connection.idpEntityId, metadataError: null };
  if (!source) return base;
  let metadata: InspectedMetadata;
  try {
    metadata = await readMetadata(inspector, source, signal);
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    return { ...base, metadataError: error };
  }
  const fromDocument = metadata.certificates.map((certificate) => fromMetadata(certificate, metadata.source));
  return {
    connection,
    certificates: upstream.length > 0 ? upstream : fromDocument,
    metadataCertificates: fromDocument,
    entityId: connection.idpEntityId ?? metadata.entityId,
    metadataError: null,
  };
}
