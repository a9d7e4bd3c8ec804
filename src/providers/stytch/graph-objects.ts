/**
 * The plain (non-node) Stytch object types shared by the SAML, OIDC and external connection
 * types: certificates and implicit role assignments.
 */
import { builder } from '../../graph/builder.ts';
import type { GroupRoleAssignment, RoleAssignment, StytchExternalConnection, X509Certificate } from './model.ts';

export const StytchX509Certificate = builder.objectRef<X509Certificate>('StytchX509Certificate').implement({
  description: 'An X.509 certificate of a Stytch SAML connection (PEM).',
  fields: (t) => ({
    certificateId: t.exposeString('certificateId', {
      nullable: true,
      description: 'Stytch `certificate_id` (some responses send it as `id`); null where Stytch sends none or an empty one.',
    }),
    certificate: t.exposeString('certificate', { nullable: false, description: 'The PEM-encoded certificate (public).' }),
    issuer: t.exposeString('issuer', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const StytchRoleAssignment = builder.objectRef<RoleAssignment>('StytchRoleAssignment').implement({
  description: 'A role every member who signs in through the connection receives.',
  fields: (t) => ({
    roleId: t.exposeString('roleId', { nullable: false }),
  }),
});

export const StytchGroupRoleAssignment = builder.objectRef<GroupRoleAssignment>('StytchGroupRoleAssignment').implement({
  description: 'A role members receive when the IdP reports them in `group`.',
  fields: (t) => ({
    roleId: t.exposeString('roleId', { nullable: false }),
    group: t.exposeString('group', { nullable: false, description: 'The group name as the IdP sends it.' }),
  }),
});

export const StytchExternalConnectionRef = builder.objectRef<StytchExternalConnection>('StytchExternalConnection').implement({
  description:
    "Another organization's SAML or OIDC connection that this organization reuses. Not an SsoConnection: " +
    'the connection itself belongs to `externalOrganizationId` and is listed there.',
  fields: (t) => ({
    organizationId: t.exposeString('organizationId', { nullable: false, description: 'The organization that reuses the connection.' }),
    connectionId: t.exposeString('connectionId', { nullable: false }),
    externalOrganizationId: t.exposeString('externalOrganizationId', {
      nullable: false,
      description: 'The organization that owns the connection.',
    }),
    externalConnectionId: t.exposeString('externalConnectionId', {
      nullable: false,
      description: 'The connection id in the owning organization.',
    }),
    displayName: t.exposeString('displayName', { nullable: true }),
    status: t.exposeString('status', { nullable: false, description: 'Stytch status word as sent, e.g. `active`.' }),
    externalConnectionImplicitRoleAssignments: t.field({
      type: [StytchRoleAssignment],
      nullable: false,
      resolve: (connection) => connection.externalConnectionImplicitRoleAssignments,
    }),
    externalGroupImplicitRoleAssignments: t.field({
      type: [StytchGroupRoleAssignment],
      nullable: false,
      resolve: (connection) => connection.externalGroupImplicitRoleAssignments,
    }),
  }),
});
