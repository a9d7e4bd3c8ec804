/**
 * API keys, stored only as SHA-256 hashes in the file GATEWAY_API_KEYS_FILE names. A presented
 * key is hashed and compared with every stored hash in constant time, without stopping at a match
 * and without a lookup by hash, so the time taken says nothing about which key (or prefix) matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Caller } from './caller.ts';

const entrySchema = z.strictObject({
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  sha256: z.string({ error: 'must be a string' }).regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex characters of a SHA-256 hash'),
  scopes: z.array(z.string({ error: 'must be a string' }).regex(/^\S+$/, 'must be a non-empty scope without spaces'), {
    error: 'must be an array of scopes',
  }),
});

const fileSchema = z
  .array(entrySchema, { error: 'must be a JSON array of { name, sha256, scopes }' })
  .min(1, 'must list at least one key')
  .superRefine((entries, context) => {
    const names = new Set<string>();
    const hashes = new Set<string>();
    entries.forEach((entry, index) => {
      if (names.has(entry.name)) context.addIssue({ code: 'custom', path: [index, 'name'], message: 'is used by another key' });
      if (hashes.has(entry.sha256.toLowerCase()))
        context.addIssue({ code: 'custom', path: [index, 'sha256'], message: 'is the same as another key' });
      names.add(entry.name);
      hashes.add(entry.sha256.toLowerCase());
    });
  });

interface StoredKey {
  name: string;
  hash: Buffer;
  scopes: ReadonlySet<string>;
}

export interface ApiKeyStore {
  /** The caller the key belongs to, or `undefined` for a key that is not on file. */
  match(presented: string): Caller | undefined;
  readonly size: number;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Reads and checks the file at start-up; every problem names GATEWAY_API_KEYS_FILE and never a value. */
export function loadApiKeys(file: string): ApiKeyStore {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Error(`GATEWAY_API_KEYS_FILE ${file} cannot be read (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a hash: not repeated here.
    throw new Error(`GATEWAY_API_KEYS_FILE ${file} is not valid JSON`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => {
      const where = issue.path.length
        ? issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')
        : '';
      return `${where ? `entry${where} ` : ''}${issue.message}`;
    });
    throw new Error(`GATEWAY_API_KEYS_FILE ${file} is invalid: ${problems.join('; ')}`);
  }
  const keys: StoredKey[] = parsed.data.map((entry) => ({
    name: entry.name,
    hash: Buffer.from(entry.sha256, 'hex'),
    scopes: new Set(entry.scopes),
  }));

  return {
    size: keys.length,
    match(presented) {
      const digest = createHash('sha256').update(presented, 'utf8').digest();
      let found: StoredKey | undefined;
      for (const key of keys) {
        // Every hash is compared, whatever matched before.
        const equal = timingSafeEqual(digest, key.hash);
        if (equal && found === undefined) found = key;
      }
      return found && { subject: found.name, keyName: found.name, authMode: 'api-key', scopes: found.scopes };
    },
  };
}
