/**
 * Reads a SAML 2.0 metadata document into `SamlMetadata`. The document comes from a URL an
 * administrator typed, so it is hostile until proven otherwise: size is capped, any DTD is refused
 * outright (XXE, entity expansion), and fast-xml-parser expands no entities; the five predefined
 * ones and character references are decoded here by hand, which cannot expand into anything.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseCertificate } from './certificate.ts';
import { MetadataError } from './errors.ts';
import type { CertificateUse, MetadataCertificate, SamlEndpoint, SamlMetadata } from './types.ts';

export const MAX_METADATA_BYTES = 1_048_576;

/** A DOCTYPE or ENTITY declaration anywhere, in any case, with any spacing after `<!`. */
const DTD_DECLARATION = /<!\s*(?:DOCTYPE|ENTITY)/i;

const ATTRIBUTE_PREFIX = '@_';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});

/** A parsed element: attributes under `@_name`, children by local name, text under `#text`. */
type XmlNode = { [key: string]: unknown };

export function parseSamlMetadata(xml: string): SamlMetadata {
  const document = readDocument(xml);
  const entity = findIdpEntity(document);
  if (!entity) throw new MetadataError('NOT_IDP_METADATA', 'The document describes no SAML identity provider (no IDPSSODescriptor).');
  const descriptors = children(entity.node, 'IDPSSODescriptor');
  return {
    entityId: entity.entityId,
    ssoServices: descriptors.flatMap((descriptor) => endpoints(descriptor, 'SingleSignOnService')),
    sloServices: descriptors.flatMap((descriptor) => endpoints(descriptor, 'SingleLogoutService')),
    nameIdFormats: unique(
      descriptors.flatMap((descriptor) => children(descriptor, 'NameIDFormat').map(text)).filter((format) => format !== ''),
    ),
    certificates: uniqueCertificates(descriptors.flatMap(certificates)),
    validUntil: earliest([...entity.enclosing, entity.node, ...descriptors].map((node) => date(attribute(node, 'validUntil')))),
  };
}

/** Size cap, DTD refusal and well-formedness, in that order, then the parse itself. */
function readDocument(xml: string): XmlNode {
  if (Buffer.byteLength(xml, 'utf8') > MAX_METADATA_BYTES) {
    throw new MetadataError('TOO_LARGE', `The metadata document is larger than ${MAX_METADATA_BYTES} bytes.`);
  }
  if (DTD_DECLARATION.test(xml)) {
    throw new MetadataError('UNSAFE_XML', 'The metadata document declares a DTD or entities, which are refused.');
  }
  // Strictly the XML declaration must come first, but servers do send a BOM or a blank line before it.
  const body = xml.replace(/^\uFEFF/, '').trimStart();
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    throw new MetadataError('MALFORMED_XML', `The metadata document is not well-formed XML (line ${validation.err.line}).`);
  }
  try {
    return asNode(parser.parse(body)) ?? {};
  } catch {
    // fast-xml-parser refuses names such as `__proto__` or `constructor` by throwing.
    throw new MetadataError('MALFORMED_XML', 'The metadata document could not be read as XML.');
  }
}

interface FoundEntity {
  node: XmlNode;
  entityId: string;
  /** The EntitiesDescriptor elements around it, outermost first (their validUntil applies too). */
  enclosing: XmlNode[];
}

/** The first EntityDescriptor, in document order, that has an entityID and an IDPSSODescriptor. */
function findIdpEntity(document: XmlNode): FoundEntity | undefined {
  const search = (node: XmlNode, enclosing: XmlNode[]): FoundEntity | undefined => {
    for (const entity of children(node, 'EntityDescriptor')) {
      const entityId = attribute(entity, 'entityID') ?? '';
      if (entityId !== '' && children(entity, 'IDPSSODescriptor').length > 0) return { node: entity, entityId, enclosing };
    }
    for (const group of children(node, 'EntitiesDescriptor')) {
      const found = search(group, [...enclosing, group]);
      if (found) return found;
    }
    return undefined;
  };
  return search(document, []);
}

function endpoints(descriptor: XmlNode, name: string): SamlEndpoint[] {
  return children(descriptor, name).flatMap((service) => {
    const binding = attribute(service, 'Binding');
    const location = attribute(service, 'Location');
    return binding && location ? [{ binding, location }] : [];
  });
}

/** Every readable certificate of every KeyDescriptor; unreadable ones are skipped, not fatal. */
function certificates(descriptor: XmlNode): MetadataCertificate[] {
  return children(descriptor, 'KeyDescriptor').flatMap((keyDescriptor) => {
    const use = certificateUse(attribute(keyDescriptor, 'use'));
    const texts = children(keyDescriptor, 'KeyInfo')
      .flatMap((keyInfo) => children(keyInfo, 'X509Data'))
      .flatMap((data) => children(data, 'X509Certificate'))
      .map(text);
    return texts.flatMap((certificateText) => {
      const parsed = parseCertificate(certificateText);
      return parsed ? [{ ...parsed, use }] : [];
    });
  });
}

function certificateUse(use: string | undefined): CertificateUse {
  if (use === 'signing') return 'SIGNING';
  if (use === 'encryption') return 'ENCRYPTION';
  return 'ANY';
}

/** The same certificate listed twice for the same use counts once. */
function uniqueCertificates(list: MetadataCertificate[]): MetadataCertificate[] {
  const seen = new Set<string>();
  return list.filter((certificate) => {
    const key = `${certificate.use} ${certificate.fingerprintSha256}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function asNode(value: unknown): XmlNode | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

/**
 * The child elements called `name`: the parser gives one child as a value and several as an
 * array, and an empty element (`<X/>`) as an empty string.
 */
function children(node: XmlNode, name: string): XmlNode[] {
  if (!Object.hasOwn(node, name)) return [];
  const value = node[name];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => asNode(item) ?? { '#text': typeof item === 'string' ? item : '' });
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[ATTRIBUTE_PREFIX + name];
  return typeof value === 'string' ? decodeReferences(value.trim()) : undefined;
}

function text(node: XmlNode): string {
  const value = node['#text'];
  return typeof value === 'string' ? decodeReferences(value.trim()) : '';
}

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Decodes `&amp;`-style and `&#38;`/`&#x26;` references; anything else is left as written. */
function decodeReferences(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (reference, name: string) => {
    if (name.startsWith('#')) {
      const codePoint = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
    }
    return PREDEFINED_ENTITIES.get(name) ?? reference;
  });
}

function date(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function earliest(dates: Array<Date | null>): Date | null {
  return dates.reduce<Date | null>((first, candidate) => (candidate && (!first || candidate < first) ? candidate : first), null);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
