/**
 * Clients that hold a connection by sending slowly, over raw sockets: headers that never end are
 * cut at the headers timeout, a body that trickles in at the request timeout, and a request
 * refused before its body was read (401, CSRF 403) is answered and its connection closed at once,
 * so the rest of its body is never waited for. Timeouts are short here (1 s and 2 s) to keep the
 * file fast; the defaults are 10 s and 30 s.
 */
import { connect as connectTcp } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiKey, tempDir, writeKeysFile } from './fixtures/security-keys.ts';
import { type Stack, useStack } from './harness.ts';

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const READER = { name: 'reader', key: 'slow-clients-reader-key-5c1e9a', scopes: ['sso:read'] };

let stack: Stack;
useStack(
  {
    providers: ['vantage'],
    env: {
      GATEWAY_AUTH_MODE: 'api-key',
      GATEWAY_API_KEYS_FILE: writeKeysFile(tempDir('slow-clients-'), [READER]),
      GATEWAY_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      GATEWAY_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    },
  },
  (started) => {
    stack = started;
  },
);

interface Ending {
  /** Everything the gateway sent before the connection closed. */
  text: string;
  /** Milliseconds from connecting until the connection closed, or `undefined` if it stayed open. */
  closedAfterMs: number | undefined;
  /** Milliseconds from connecting until the first byte of an answer. */
  answeredAfterMs: number | undefined;
}

/**
 * Connects, sends `head` at once, then one `drip` every 100 ms until the gateway closes the
 * connection or `giveUpMs` pass (then the test's own end closes it).
 */
function slowRequest(head: string, drip: string, giveUpMs: number): Promise<Ending> {
  const { hostname, port } = new URL(stack.url);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connectTcp(Number(port), hostname);
    let text = '';
    let answeredAfterMs: number | undefined;
    const finish = (closedAfterMs: number | undefined) => {
      clearInterval(dripping);
      clearTimeout(givingUp);
      socket.destroy();
      resolve({ text, closedAfterMs, answeredAfterMs });
    };
    const dripping = setInterval(() => {
      if (socket.writable) socket.write(drip);
    }, 100);
    const givingUp = setTimeout(() => finish(undefined), giveUpMs);
    socket.on('data', (chunk) => {
      answeredAfterMs ??= performance.now() - started;
      text += chunk.toString('latin1');
    });
    // A reset (the gateway closing while we still write) ends the connection just as well.
    socket.on('error', () => undefined);
    socket.on('close', () => finish(performance.now() - started));
    socket.write(head);
  });
}

/** Any host will do: the gateway does not route on it. */
const HOST = 'Host: 127.0.0.1\r\n';
const jsonPost = (headers: string, length: number) =>
  `POST /graphql HTTP/1.1\r\n${HOST}Content-Type: application/json\r\nContent-Length: ${length}\r\n${headers}\r\n`;

describe('slow clients', () => {
  it('cuts a client whose headers never end at the headers timeout', async () => {
    const ending = await slowRequest(`POST /graphql HTTP/1.1\r\n${HOST}`, 'X-Slow: a\r\n', HEADERS_TIMEOUT_MS + 3_000);
    expect(ending.closedAfterMs, 'closed by the gateway').toBeDefined();
    expect(ending.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(ending.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 1_500);
    expect(ending.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts an authenticated client that trickles its body at the request timeout', async () => {
    const ending = await slowRequest(jsonPost(`X-API-Key: ${READER.key}\r\n`, 10_000), '{', REQUEST_TIMEOUT_MS + 3_000);
    expect(ending.closedAfterMs, 'closed by the gateway').toBeDefined();
    expect(ending.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(ending.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_500);
    expect(ending.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it.each([
    ['an unknown API key (401)', jsonPost('X-API-Key: not-a-key\r\n', 10_000), /^HTTP\/1\.1 401 /],
    [
      'a form post without the CSRF header (403)',
      `POST /graphql HTTP/1.1\r\n${HOST}X-API-Key: ${READER.key}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n`,
      /^HTTP\/1\.1 403 /,
    ],
  ])('answers %s and closes the connection without waiting for the body', async (_, head, status) => {
    const ending = await slowRequest(head, 'a', REQUEST_TIMEOUT_MS + 3_000);
    expect(ending.text).toMatch(status);
    expect(ending.text.toLowerCase()).toContain('connection: close');
    expect(ending.closedAfterMs, 'closed by the gateway').toBeDefined();
    expect(ending.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS / 2);
  });

  it('keeps a complete request on a reusable connection', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const ending = await slowRequest(`${jsonPost(`X-API-Key: ${READER.key}\r\n`, body.length)}${body}`, '', 500);
    expect(ending.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(ending.text.toLowerCase()).toContain('connection: keep-alive');
    expect(ending.closedAfterMs, 'still open').toBeUndefined();
  });

  it('still serves ordinary requests', async () => {
    const result = await stack.graphql('{ __typename }', undefined, apiKey(READER.key));
    expect(result.status).toBe(200);
  });
});
