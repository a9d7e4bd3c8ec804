/**
 * The identity providers of the sandbox: whose metadata each simulator's demo connections point
 * to, and the certificates behind them. Dates are relative to when the process first asks, so the
 * report always has the same story to tell:
 * - an Okta app for the DatoCMS site, certificate good for a year and a half;
 * - Acme's Microsoft Entra tenant in the middle of a key rollover: the old certificate expires in
 *   25 days, the new one is published beside it, and Logto still holds only the old one (drift);
 * - Globex's Google Workspace, for trying dry runs with a new metadata URL;
 * - a retired Okta app whose metadata URL now answers 404;
 * - Acme's next Entra tenant (new entity ID, one new certificate), which nothing trusts yet: the
 *   change-plan story moves every connection claiming acme.example onto it.
 */
import { type IssuedCertificate, issueCertificate } from './certificates.ts';
import { entraMetadata, googleMetadata, oktaMetadata } from './documents.ts';

const DAY_MS = 86_400_000;

export const SANDBOX_IDP_PATHS = {
  oktaCmsApp: '/okta/app/exk9cmsapp00001/sso/saml/metadata',
  entraAcme: '/entra/7d1f2c3b-acme/federationmetadata/2007-06/federationmetadata.xml',
  googleGlobex: '/google/samlrp/metadata/C03globex',
  retiredOkta: '/okta/app/exk0retired0001/sso/saml/metadata',
  entraAcmeNext: '/entra/4e9a6b21-acme-next/federationmetadata/2007-06/federationmetadata.xml',
} as const;

export const ACME_ENTRA_ENTITY_ID = 'https://sts.windows.example/7d1f2c3b-acme/';
export const ACME_NEXT_ENTRA_ENTITY_ID = 'https://sts.windows.example/4e9a6b21-acme-next/';

export interface SandboxCertificates {
  oktaCmsApp: IssuedCertificate;
  entraAcmeOld: IssuedCertificate;
  entraAcmeNew: IssuedCertificate;
  entraAcmeNext: IssuedCertificate;
  googleGlobex: IssuedCertificate;
}

export function sandboxCertificates(now: number): SandboxCertificates {
  const issue = (commonName: string, organization: string, createdDaysAgo: number, expiresInDays: number) =>
    issueCertificate({
      subject: { commonName, organization },
      notBefore: new Date(now - createdDaysAgo * DAY_MS),
      notAfter: new Date(now + expiresInDays * DAY_MS),
    });
  return {
    oktaCmsApp: issue('acme-cms', 'Okta', 180, 550),
    entraAcmeOld: issue('Microsoft Azure Federated SSO Certificate', 'Acme Corp', 1070, 25),
    entraAcmeNew: issue('Microsoft Azure Federated SSO Certificate', 'Acme Corp', 3, 1092),
    entraAcmeNext: issue('Microsoft Azure Federated SSO Certificate', 'Acme Corp Next', 1, 1094),
    googleGlobex: issue('Google', 'Globex', 30, 1795),
  };
}

/** The metadata document at each path, for an IdP server whose base URL is `base`. */
export function sandboxDocuments(base: string, certificates: SandboxCertificates): Map<string, string> {
  return new Map([
    [
      SANDBOX_IDP_PATHS.oktaCmsApp,
      oktaMetadata({
        entityId: 'http://www.okta.example/exk9cmsapp00001',
        ssoUrl: `${base}/okta/app/exk9cmsapp00001/sso/saml`,
        certificates: [certificates.oktaCmsApp.base64],
      }),
    ],
    [
      SANDBOX_IDP_PATHS.entraAcme,
      entraMetadata({
        entityId: ACME_ENTRA_ENTITY_ID,
        ssoUrl: `${base}/entra/7d1f2c3b-acme/saml2`,
        sloUrl: `${base}/entra/7d1f2c3b-acme/saml2`,
        certificates: [certificates.entraAcmeOld.base64, certificates.entraAcmeNew.base64],
      }),
    ],
    [
      SANDBOX_IDP_PATHS.entraAcmeNext,
      entraMetadata({
        entityId: ACME_NEXT_ENTRA_ENTITY_ID,
        ssoUrl: `${base}/entra/4e9a6b21-acme-next/saml2`,
        sloUrl: `${base}/entra/4e9a6b21-acme-next/saml2`,
        certificates: [certificates.entraAcmeNext.base64],
      }),
    ],
    [
      SANDBOX_IDP_PATHS.googleGlobex,
      googleMetadata({
        entityId: 'https://accounts.google.example/o/saml2?idpid=C03globex',
        ssoUrl: `${base}/google/o/saml2/idp?idpid=C03globex`,
        certificates: [certificates.googleGlobex.base64],
      }),
    ],
  ]);
}
