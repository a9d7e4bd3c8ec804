/**
 * IdP metadata documents shaped the way three real identity providers write theirs, so the sandbox
 * and the tests exercise the parser on what it will meet: Okta (`md:` prefixes, certificate
 * wrapped over lines), Microsoft Entra ID (default namespace, an `ID`, a WS-Federation
 * RoleDescriptor before the SAML one, several certificates while keys roll over) and Google
 * Workspace (`md:` prefixes, `validUntil`, only SSO endpoints). Every value put into the XML is
 * escaped, so test data with `&`, `<` or quotes cannot change the document's structure.
 */
import { randomUUID } from 'node:crypto';

export interface IdpDocumentOptions {
  entityId: string;
  ssoUrl: string;
  sloUrl?: string;
  /** DER certificates in base64, without PEM armour. */
  certificates: string[];
}

export interface EntraDocumentOptions extends IdpDocumentOptions {
  /** The document's `ID`. @default `_` and a random UUID */
  id?: string;
  /** Certificates of the WS-Federation RoleDescriptor, which SAML ignores. @default `certificates` */
  roleDescriptorCertificates?: string[];
}

export interface GoogleDocumentOptions extends IdpDocumentOptions {
  /** @default five years from now */
  validUntil?: Date;
}

export const SAML_BINDING = {
  POST: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  REDIRECT: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
} as const;

export const NAME_ID_FORMAT = {
  UNSPECIFIED: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  EMAIL: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  PERSISTENT: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
} as const;

const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const WSFED_NS = 'http://docs.oasis-open.org/wsfed/federation/200706';

export function oktaMetadata(options: IdpDocumentOptions): string {
  const keys = options.certificates.map((certificate) => prefixedKeyDescriptor(wrapped(certificate)));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor entityID="${escapeXml(options.entityId)}" xmlns:md="${MD_NS}">`,
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${SAML2_PROTOCOL}">`,
    ...keys,
    ...(options.sloUrl ? [prefixedService('SingleLogoutService', SAML_BINDING.POST, options.sloUrl)] : []),
    `<md:NameIDFormat>${NAME_ID_FORMAT.UNSPECIFIED}</md:NameIDFormat>`,
    `<md:NameIDFormat>${NAME_ID_FORMAT.EMAIL}</md:NameIDFormat>`,
    prefixedService('SingleSignOnService', SAML_BINDING.POST, options.ssoUrl),
    prefixedService('SingleSignOnService', SAML_BINDING.REDIRECT, options.ssoUrl),
    '</md:IDPSSODescriptor>',
    '</md:EntityDescriptor>',
  ].join('');
}

/** Entra answers logout on the same `/saml2` endpoint as sign-in, so `sloUrl` defaults to `ssoUrl`. */
export function entraMetadata(options: EntraDocumentOptions): string {
  const sloUrl = options.sloUrl ?? options.ssoUrl;
  const wsfedUrl = options.ssoUrl.replace(/\/saml2$/, '/wsfed');
  const keys = (certificates: string[]) => certificates.map((certificate) => plainKeyDescriptor(certificate));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<EntityDescriptor ID="${escapeXml(options.id ?? `_${randomUUID()}`)}" entityID="${escapeXml(options.entityId)}" xmlns="${MD_NS}">`,
    `<RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="${WSFED_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="${WSFED_NS}">`,
    ...keys(options.roleDescriptorCertificates ?? options.certificates),
    '<fed:PassiveRequestorEndpoint><wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing">',
    `<wsa:Address>${escapeXml(wsfedUrl)}</wsa:Address>`,
    '</wsa:EndpointReference></fed:PassiveRequestorEndpoint>',
    '</RoleDescriptor>',
    `<IDPSSODescriptor protocolSupportEnumeration="${SAML2_PROTOCOL}">`,
    ...keys(options.certificates),
    plainService('SingleLogoutService', SAML_BINDING.REDIRECT, sloUrl),
    plainService('SingleSignOnService', SAML_BINDING.REDIRECT, options.ssoUrl),
    plainService('SingleSignOnService', SAML_BINDING.POST, options.ssoUrl),
    '</IDPSSODescriptor>',
    '</EntityDescriptor>',
  ].join('');
}

const FIVE_YEARS_MS = 5 * 365 * 86_400_000;

export function googleMetadata(options: GoogleDocumentOptions): string {
  const validUntil = options.validUntil ?? new Date(Date.now() + FIVE_YEARS_MS);
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<md:EntityDescriptor xmlns:md="${MD_NS}" entityID="${escapeXml(options.entityId)}" validUntil="${validUntil.toISOString()}">`,
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${SAML2_PROTOCOL}">`,
    ...options.certificates.map((certificate) => prefixedKeyDescriptor(wrapped(certificate))),
    `<md:NameIDFormat>${NAME_ID_FORMAT.EMAIL}</md:NameIDFormat>`,
    prefixedService('SingleSignOnService', SAML_BINDING.REDIRECT, options.ssoUrl),
    prefixedService('SingleSignOnService', SAML_BINDING.POST, options.ssoUrl),
    '</md:IDPSSODescriptor>',
    '</md:EntityDescriptor>',
  ].join('\n');
}

function prefixedKeyDescriptor(certificate: string): string {
  return (
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="${DS_NS}"><ds:X509Data>` +
    `<ds:X509Certificate>${escapeXml(certificate)}</ds:X509Certificate>` +
    '</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>'
  );
}

function plainKeyDescriptor(certificate: string): string {
  return `<KeyDescriptor use="signing"><KeyInfo xmlns="${DS_NS}"><X509Data><X509Certificate>${escapeXml(certificate)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`;
}

function prefixedService(element: string, binding: string, location: string): string {
  return `<md:${element} Binding="${binding}" Location="${escapeXml(location)}"/>`;
}

function plainService(element: string, binding: string, location: string): string {
  return `<${element} Binding="${binding}" Location="${escapeXml(location)}"/>`;
}

/** Base64 broken into 64-character lines, as Okta and Google print their certificates. */
function wrapped(base64: string): string {
  return `\n${base64.match(/.{1,64}/g)?.join('\n') ?? ''}\n`;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
