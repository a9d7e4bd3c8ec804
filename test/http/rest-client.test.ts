/**
 * The shared REST client against a bare node:http server: every failure becomes an
 * UpstreamError with a safe message.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RestClient } from '../../src/http/rest-client.ts';
import { UpstreamError } from '../../src/http/upstream-error.ts';
import { createLogger } from '../../src/logger.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let baseUrl: string;
const logs: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(options: Partial<ConstructorParameters<typeof RestClient>[0]> = {}) {
  return new RestClient({
    provider: 'logto',
    baseUrl,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    readError: (body) => ({ code: (body as { code?: string } | undefined)?.code, requestId: (body as { rid?: string } | undefined)?.rid }),
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected an UpstreamError');
}

describe('RestClient', () => {
  it('sends JSON below the base path and parses the reply with the schema', async () => {
    let seen = { url: '', method: '', type: '', body: '' };
    handler = (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen = { url: req.url ?? '', method: req.method ?? '', type: req.headers['content-type'] ?? '', body };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, extra: 'ignored' }));
      });
    };
    const rest = client();
    const response = await rest.request(
      { method: 'PATCH', path: '/things/a%2Fb', query: { page: 2, skip: undefined }, json: { x: 1 } },
      z.object({ ok: z.boolean() }),
    );
    expect(response.body).toEqual({ ok: true });
    expect(seen).toEqual({ url: '/base/things/a%2Fb?page=2', method: 'PATCH', type: 'application/json', body: '{"x":1}' });
    await rest.close();
  });

  it('turns an error status into UpstreamError with the provider code, request id and Retry-After', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '12' });
      res.end(JSON.stringify({ code: 'too_many', rid: 'req-1', message: 'secret-echo' }));
    };
    const rest = client();
    const error = await failure(rest.request({ method: 'GET', path: '/x' }, z.unknown()));
    expect(error).toMatchObject({
      provider: 'logto',
      failure: 'status',
      status: 429,
      upstreamCode: 'too_many',
      upstreamRequestId: 'req-1',
      retryAfterSeconds: 12,
    });
    expect(error.message).toBe('logto answered HTTP 429 (too_many)');
    expect(error.message).not.toContain('secret-echo');
    await rest.close();
  });

  it('drops upstream codes that are not plain identifiers', async () => {
    handler = (_req, res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'bad <script> code with spaces' }));
    const rest = client();
    const error = await failure(rest.request({ method: 'GET', path: '/x' }, z.unknown()));
    expect(error.upstreamCode).toBeUndefined();
    await rest.close();
  });

  it('treats a 2xx that is not JSON, or not the documented shape, as a contract failure', async () => {
    const rest = client();
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
    expect((await failure(rest.request({ method: 'GET', path: '/x' }, z.unknown()))).failure).toBe('contract');
    handler = (_req, res) => res.writeHead(200).end(JSON.stringify({ id: 42 }));
    expect((await failure(rest.request({ method: 'GET', path: '/x' }, z.object({ id: z.string() })))).failure).toBe('contract');
    await rest.close();
  });

  it('keeps an HTML error page as a status error', async () => {
    handler = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    const rest = client();
    const error = await failure(rest.request({ method: 'GET', path: '/x' }, z.unknown()));
    expect(error).toMatchObject({ failure: 'status', status: 502, upstreamCode: undefined });
    await rest.close();
  });

  it('refuses bodies over the size cap', async () => {
    handler = (_req, res) => res.writeHead(200).end(JSON.stringify({ blob: 'x'.repeat(5000) }));
    const rest = client({ maxBodyBytes: 1000 });
    expect((await failure(rest.request({ method: 'GET', path: '/x' }, z.unknown()))).failure).toBe('contract');
    await rest.close();
  });

  it('times out when the upstream sends no headers in time', async () => {
    handler = () => {};
    const rest = client({ http: { timeoutMs: 100 } });
    expect((await failure(rest.request({ method: 'GET', path: '/slow' }, z.unknown()))).failure).toBe('timeout');
    await rest.close();
  });

  it('reports a cancelled call as aborted', async () => {
    handler = () => {};
    const rest = client();
    const controller = new AbortController();
    const pending = rest.request({ method: 'GET', path: '/slow', call: { signal: controller.signal } }, z.unknown());
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).failure).toBe('aborted');
    await rest.close();
  });

  it('reports an unreachable upstream as a network failure', async () => {
    const rest = new RestClient({
      provider: 'vantage',
      baseUrl: 'http://127.0.0.1:1',
      logger: createLogger({ level: 'silent' }),
      readError: () => ({}),
    });
    expect((await failure(rest.request({ method: 'GET', path: '/x' }, z.unknown()))).failure).toBe('network');
    await rest.close();
  });

  it('sends form bodies for token requests', async () => {
    let seen = { type: '', body: '' };
    handler = (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen = { type: req.headers['content-type'] ?? '', body };
        res.end('{}');
      });
    };
    const rest = client();
    await rest.request({ method: 'POST', path: '/token', form: { grant_type: 'client_credentials', scope: 'all' } }, z.object({}));
    expect(seen).toEqual({ type: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials&scope=all' });
    await rest.close();
  });
});
