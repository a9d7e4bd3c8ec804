/**
 * The one error type of metadata inspection. Messages are written for an administrator and may
 * be shown to one: a single line, never the response body, never the full URL (query strings can
 * carry tokens), at most the host name.
 */
export type MetadataErrorCode =
  | 'URL_NOT_ALLOWED'
  | 'ADDRESS_NOT_ALLOWED'
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'HTTP_STATUS'
  | 'TOO_MANY_REDIRECTS'
  | 'MALFORMED_XML'
  | 'UNSAFE_XML'
  | 'NOT_IDP_METADATA';

export class MetadataError extends Error {
  override readonly name = 'MetadataError';
  readonly code: MetadataErrorCode;
  /** The upstream's status, for `HTTP_STATUS` only. */
  readonly status: number | undefined;

  constructor(code: MetadataErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(oneLine(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }
}

function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}
