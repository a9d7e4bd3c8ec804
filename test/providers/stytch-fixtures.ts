/** Member sessions the Stytch simulator knows (see its demo data), and a shared fault. */
export const SESSIONS = {
  acmeAdmin: 'session-token-test-acme-admin-4f1c9a7e2b',
  acmeMember: 'session-token-test-acme-member-8b2d3e5a1c',
  acmeViewer: 'session-token-test-acme-viewer-2e7f60d4b9',
  globexAdmin: 'session-token-test-globex-admin-6a0b1c3f8e',
  expired: 'session-token-test-expired-9d8c7b6a5f',
};

export const SESSION_JWTS = {
  acmeAdmin: 'eyJhbGciOiJSUzI1NiJ9.ZGVtby1zZXNzaW9uLWp3dC1hY21lLWFkbWlu.ZGVtby1zaWduYXR1cmU',
  acmeMember: 'eyJhbGciOiJSUzI1NiJ9.ZGVtby1zZXNzaW9uLWp3dC1hY21lLW1lbWJlcg.ZGVtby1zaWduYXR1cmU',
};

/** A 429 in Stytch's own error body (the simulator writes it), with a Retry-After header. */
export const TOO_MANY_REQUESTS = { status: 429, headers: { 'retry-after': '7' } };
