/**
 * A loopback HTTP server for the metadata fetcher and inspector tests: serves a document, and the
 * misbehaviours the fetcher must survive (redirects, hangs, huge bodies). It counts both requests
 * and TCP connections, so a test can prove the fetcher never even connected.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetadataServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Paths requested, in order. */
  requests: string[];
  /** The headers of the latest request. */
  lastHeaders: IncomingHttpHeaders;
  connections: number;
  /** What `/metadata` serves; tests may change it. */
  document: string;
  reset(): void;
  close(): Promise<void>;
}

export async function startMetadataServer(document: string): Promise<MetadataServer> {
  const state = { requests: [] as string[], connections: 0, document, lastHeaders: {} as IncomingHttpHeaders };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://server');
    state.requests.push(url.pathname + url.search);
    state.lastHeaders = request.headers;
    route(url, response, state.document);
  });
  server.on('connection', () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    get lastHeaders() {
      return state.lastHeaders;
    },
    get connections() {
      return state.connections;
    },
    get document() {
      return state.document;
    },
    set document(value: string) {
      state.document = value;
    },
    reset() {
      state.requests.length = 0;
      state.connections = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function route(url: URL, response: ServerResponse, document: string): void {
  const loop = /^\/loop\/(\d+)$/.exec(url.pathname);
  if (loop) {
    redirect(response, `/loop/${Number(loop[1]) + 1}`);
    return;
  }
  switch (url.pathname) {
    case '/metadata':
      serveDocument(response, document);
      return;
    case '/slow-metadata':
      setTimeout(() => serveDocument(response, document), 100);
      return;
    case '/redirect/metadata':
      redirect(response, '/metadata');
      return;
    case '/redirect/imds':
      redirect(response, 'http://169.254.169.254/latest/meta-data/');
      return;
    case '/redirect/private':
      redirect(response, 'http://10.0.0.1/');
      return;
    case '/hang':
      return;
    case '/big': {
      // No content-length: the fetcher must count as it reads.
      response.writeHead(200, { 'content-type': 'text/xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      for (let sent = 0; sent < 4 * 1024 * 1024; sent += chunk.length) response.write(chunk);
      response.end();
      return;
    }
    case '/big-declared':
      response.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).write('<');
      return;
    default:
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no such page: ${url.pathname}${url.search}`);
  }
}

function serveDocument(response: ServerResponse, document: string): void {
  response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(document);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location }).end();
}
