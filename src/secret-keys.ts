/**
 * Which field names carry secrets, decided in one place for everything that drops or hashes them
 * (provider payloads passed through as JSON, audit records). Names are compared lower-cased with
 * `_` and `-` removed, so `client_secret`, `clientSecret` and `api-key` match while
 * `token_endpoint` does not.
 */
export function isSecretKey(key: string): boolean {
  const name = key.toLowerCase().replace(/[_-]/g, '');
  return /secret|password|passwd|apikey|privatekey|credential/.test(name) || name.endsWith('token');
}

/** A copy of `object` without secret keys, at any depth; values are not inspected. */
export function withoutSecrets(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object)
      .filter(([key]) => !isSecretKey(key))
      .map(([key, value]) => [key, withoutSecretsIn(value)]),
  );
}

function withoutSecretsIn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecretsIn);
  return typeof value === 'object' && value !== null ? withoutSecrets(value as Record<string, unknown>) : value;
}
