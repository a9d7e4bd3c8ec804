/**
 * The audit trail: one JSON record per SSO mutation attempt, allowed or refused, on stdout and,
 * when `GATEWAY_AUDIT_LOG` is set, appended to that file. Secret values are replaced by a short
 * SHA-256 prefix, so a record shows that a secret changed (and whether two changes set the same
 * one) without holding it.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { replaceSecrets } from '../secret-keys.ts';

export interface AuditRecord {
  requestId: string;
  caller: { subject: string; keyName: string | null; authMode: string };
  provider: string | undefined;
  operation: string;
  /** The identifiers the write is aimed at (`managedAccountToken`, `connectorId`, …). */
  target: Record<string, unknown>;
  /** Every other input field with its new value; secrets as `sha256:<prefix>`. */
  changes: Record<string, unknown>;
  /** `success`, or the error code the caller got (`VALIDATION_FAILED` for a refusal before the resolver). */
  outcome: string;
  /** Only for attempts refused before their resolver ran: the GraphQL operation's name, if it has one. */
  operationName?: string | null;
  /** Only for those attempts: the code of the error that refused the request (e.g. `MAX_TOKENS_EXCEEDED`). */
  reason?: string;
  upstreamRequestIds: string[];
  durationMs: number;
}

export interface AuditLog {
  record(entry: AuditRecord): void;
  close(): Promise<void>;
}

export interface AuditLogOptions {
  /** A file that also receives every record (JSON lines, appended). */
  file?: string | undefined;
  /** Receives each line instead of stdout (tests). */
  write?: (line: string) => void;
}

export function createAuditLog(options: AuditLogOptions = {}): AuditLog {
  const streams: pino.StreamEntry[] = [
    { stream: options.write ? { write: (line: string) => options.write?.(line.trimEnd()) } : pino.destination({ dest: 1, sync: false }) },
  ];
  const file = options.file ? pino.destination({ dest: options.file, append: true, mkdir: true, sync: true }) : undefined;
  if (file) streams.push({ stream: file });
  const logger = pino({ base: undefined, messageKey: 'message', timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams));
  return {
    record: (entry) => logger.info({ audit: true, ...entry }, 'sso write'),
    close: async () => {
      file?.flushSync();
      file?.end();
    },
  };
}

const TARGET_KEY = /^(managedAccountToken|organizationId|connectionId|connectorId|ssoId)$/;

/** Splits a mutation input into what it targets and what it changes, hashing secret values at any depth. */
export function describeInput(input: unknown): Pick<AuditRecord, 'target' | 'changes'> {
  const target: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(isRecord(input) ? input : {})) {
    if (TARGET_KEY.test(key)) target[key] = value;
    else rest[key] = value;
  }
  return { target, changes: replaceSecrets(rest, hashSecret) as Record<string, unknown> };
}

/** A cleared secret stays visible as null; a set one as a hash prefix. */
function hashSecret(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  return `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
