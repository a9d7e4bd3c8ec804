/**
 * The shared bits of the provider simulators: a node:http server on loopback, a tiny router,
 * body parsing, a request log tests count calls with, and switches for latency and faults.
 * Each simulator supplies its routes, its auth check and its provider's error body format.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { type Fault, faultReply } from './faults.ts';

export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  contentType: string;
  /** Parsed JSON or form body; `undefined` when empty. */
  body: unknown;
}

export interface SimReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON, for malformed-body faults. */
  raw?: string;
  /** `hang`: never answer; `reset`: send the headers and part of the body, then cut the connection. */
  transport?: 'hang' | 'reset';
}

export type SimHandler = (request: SimRequest) => SimReply | Promise<SimReply>;

export interface Route {
  method: string;
  /** Path with `:name` segments, e.g. `/v2/managed_accounts/:token`. */
  pattern: string;
  handler: SimHandler;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** 0 until the reply is sent (and for ever for a hang). */
  status: number;
  /** `performance.now()` when the request arrived, and when the reply was sent (unset until then). */
  startedAt: number;
  endedAt: number | undefined;
}

export interface SimulatorOptions {
  name: string;
  routes: Route[];
  /** Returns a reply to refuse the request (401/403/422…), or `undefined` to let it through. */
  guard?: (request: SimRequest) => SimReply | undefined;
  /** The provider's error body for a status, used for unknown routes, bad JSON and faults. */
  errorReply: (status: number, code: string, message: string) => SimReply;
}

export class SimulatorServer {
  readonly name: string;
  readonly requests: RequestLogEntry[] = [];
  url = '';
  latencyMs = 0;
  #faults: Array<Fault & { remaining: number }> = [];
  readonly #options: SimulatorOptions;
  readonly #server = createServer((req, res) => void this.#handle(req, res));

  constructor(options: SimulatorOptions) {
    this.name = options.name;
    this.#options = options;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  /** Makes the next matching request(s) fail with `fault.status`. */
  injectFault(fault: Fault): void {
    this.#faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  /** Requests seen so far, optionally only those matching a method and path prefix. */
  count(method?: string, pathPrefix?: string): number {
    return this.requests.filter((entry) => (!method || entry.method === method) && (!pathPrefix || entry.path.startsWith(pathPrefix)))
      .length;
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://simulator');
    const rawBody = await readBody(req);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const parsed = parseBody(contentType, rawBody);
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      contentType,
      body: parsed === INVALID ? rawBody : parsed,
    };
    // Logged on arrival: a test counts attempts even when the gateway gave up before the answer.
    const entry: RequestLogEntry = {
      method: request.method,
      path: request.path,
      query: url.search,
      headers: req.headers,
      body: request.body,
      status: 0,
      startedAt,
      endedAt: undefined,
    };
    this.requests.push(entry);
    if (this.latencyMs > 0) await delay(this.latencyMs);
    const reply = await this.#reply(request, parsed === INVALID);
    entry.status = reply.status;
    if (reply.transport !== 'hang') entry.endedAt = performance.now();
    send(res, reply);
  }

  async #reply(request: SimRequest, invalidJson: boolean): Promise<SimReply> {
    const fault = this.#takeFault(request);
    if (fault?.kind === 'delay') await delay(fault.delayMs ?? 0);
    else if (fault) return faultReply(fault, this.#options.errorReply);
    if (invalidJson) return this.#options.errorReply(400, 'invalid_json', 'The request body is not valid JSON.');
    const refused = this.#options.guard?.(request);
    if (refused) return refused;
    for (const route of this.#options.routes) {
      const params = route.method === request.method ? matchPath(route.pattern, request.path) : undefined;
      if (params) {
        request.params = params;
        try {
          return await route.handler(request);
        } catch {
          return this.#options.errorReply(500, 'internal_error', 'Internal server error.');
        }
      }
    }
    return this.#options.errorReply(404, 'not_found', 'No such route.');
  }

  #takeFault(request: SimRequest): Fault | undefined {
    const fault = this.#faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method === request.method) &&
        (!candidate.pathPrefix || request.path.startsWith(candidate.pathPrefix)),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  }
}

export function startSimulatorServer(options: SimulatorOptions): Promise<SimulatorServer> {
  return new SimulatorServer(options).listen();
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimReply {
  return { status, body, headers };
}

const INVALID = Symbol('invalid body');

function parseBody(contentType: string, raw: string): unknown {
  if (raw === '') return undefined;
  if (contentType === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return INVALID;
  }
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.replace(/\/+$/, '').split('/');
  const normalized = expected.at(-1) === '' ? expected.slice(0, -1) : expected;
  if (normalized.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of normalized.entries()) {
    const value = actual[index] ?? '';
    if (segment.startsWith(':')) {
      if (value === '') return undefined;
      params[segment.slice(1)] = decodeURIComponent(value);
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: SimReply): void {
  const headers = { ...reply.headers };
  if (reply.transport === 'hang') return;
  if (reply.transport === 'reset') {
    // Promise more bytes than are sent, send some, then drop the socket.
    res.writeHead(reply.status, { ...headers, 'content-length': String((reply.raw ?? '').length + 1000) });
    res.write(reply.raw ?? '', () => res.socket?.destroy());
    return;
  }
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, headers).end(reply.raw);
  } else if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status, headers).end();
  } else {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(reply.body));
  }
}
