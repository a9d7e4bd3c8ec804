/**
 * The gateway's JSON-lines logger, on pino. Callers pass structured fields, never raw headers or
 * bodies; pino's path redaction is the second line of defence should a credential-shaped field
 * slip into one. `write` is injectable so tests can read every line.
 */
import pino from 'pino';
import pretty from 'pino-pretty';

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

/** Field names that may never reach a log line with their value, at the top or one level down. */
const SECRET_FIELDS = ['authorization', 'cookie', 'token', 'accessToken', 'secret', 'clientSecret', 'apiKey', 'password', 'key'];

/** Pino paths to redact: the secret fields, and request headers that carry credentials. */
function redactPaths(headers: readonly string[]): string[] {
  return [
    ...SECRET_FIELDS,
    ...SECRET_FIELDS.map((field) => `*.${field}`),
    ...['x-api-key', ...headers].map((name) => `headers["${name.toLowerCase()}"]`),
  ];
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Receives each line; defaults to stdout. */
  write?: (line: string) => void;
  /** Human-readable lines instead of JSON. @default whether stdout is a terminal (and no `write`) */
  pretty?: boolean;
  /** Request headers that carry a caller's credentials for an upstream (the providers' forwarded headers). */
  redactHeaders?: readonly string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.write
    ? { write: (line: string) => options.write?.(line.trimEnd()) }
    : (options.pretty ?? process.stdout.isTTY === true)
      ? // Formatted in this thread, after redaction: pino-pretty as a stream, not a transport worker.
        pretty({ messageKey: 'message', colorize: true, sync: true })
      : pino.destination({ dest: 1, sync: false });
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
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
