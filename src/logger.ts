/**
 * The gateway's JSON-lines logger, on pino. Callers pass structured fields, never raw headers or
 * bodies; as a second line of defence, a field whose name looks secret (`isSecretKey`, at any
 * depth) and the credential headers are written as `[redacted]`. `write` is injectable so tests can read every line.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import type PinoPretty from 'pino-pretty';
import { replaceSecrets } from './secret-keys.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The level named by `LOG_LEVEL`, or `undefined` when it names none (config.ts reports that). */
export function logLevelOf(value: string | undefined): LogLevel | undefined {
  return LOG_LEVELS.find((level) => level === value);
}
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Pino paths to redact: request headers that carry credentials (secret-looking field names are handled by `isSecretKey`). */
function redactPaths(headers: readonly string[]): string[] {
  return ['x-api-key', ...headers].map((name) => `headers["${name.toLowerCase()}"]`);
}

const REDACTED = '[redacted]';
const redacted = () => REDACTED;

export interface LoggerOptions {
  level?: LogLevel;
  /** Receives each line; defaults to stdout. */
  write?: (line: string) => void;
  /** Human-readable lines instead of JSON. @default whether stdout is a terminal (and no `write`) */
  pretty?: boolean;
  /** Request headers that carry a caller's credentials for an upstream (the providers' forwarded headers). */
  redactHeaders?: readonly string[];
}

/**
 * pino-pretty is loaded only for a terminal: a deployment logs JSON and never needs it. Loaded with
 * `require` (it is CommonJS) so that creating a logger stays synchronous.
 */
function prettyStream(): PinoPretty.PrettyStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({ messageKey: 'message', colorize: true, sync: true });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.write
    ? { write: (line: string) => options.write?.(line.trimEnd()) }
    : (options.pretty ?? process.stdout.isTTY === true)
      ? // Formatted in this thread, after redaction: pino-pretty as a stream, not a transport worker.
        prettyStream()
      : pino.destination({ dest: 1, sync: false });
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // The same rule as responses and audit records: a secret-looking field, at any depth, is never written.
        log: (fields) => replaceSecrets(fields, redacted) as Record<string, unknown>,
      },
      redact: { paths: redactPaths(options.redactHeaders ?? []), censor: '[redacted]' },
    },
    destination,
  );
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields: LogFields = {}) =>
      logger[level](fields, message);
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
