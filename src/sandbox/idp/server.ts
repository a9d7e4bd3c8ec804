/**
 * The sandbox's identity provider: serves the metadata documents of `tenants.ts` over http on
 * loopback, which the simulators' demo connections point to and which the gateway fetches in
 * sandbox mode. One per process, started on first use: simulators of one process share it, and
 * its server is unref'd so it never keeps a process alive.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SandboxCertificates, sandboxCertificates, sandboxDocuments } from './tenants.ts';

export interface SandboxIdp {
  /** Absolute URL of a path on this IdP, e.g. `url(SANDBOX_IDP_PATHS.entraAcme)`. */
  url(path: string): string;
  certificates: SandboxCertificates;
  /** The document this IdP serves at `url`, if it is one of its own (what a simulator "fetches" on save). */
  documentAt(url: string): string | undefined;
}

let started: Promise<SandboxIdp> | undefined;

export function sandboxIdp(): Promise<SandboxIdp> {
  started ??= start();
  return started;
}

async function start(): Promise<SandboxIdp> {
  const certificates = sandboxCertificates(Date.now());
  let documents = new Map<string, string>();
  const server = createServer((request, response) => {
    const document = documents.get(new URL(request.url ?? '/', 'http://idp').pathname);
    if (request.method !== 'GET' || document === undefined) {
      response.writeHead(request.method === 'GET' ? 404 : 405, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8' }).end(document);
  });
  // Connections from a gateway's keep-alive pool must not keep a finished test process alive either.
  server.on('connection', (socket) => socket.unref());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  documents = sandboxDocuments(base, certificates);
  return {
    url: (path) => `${base}${path}`,
    certificates,
    documentAt: (url) => (url.startsWith(`${base}/`) ? documents.get(new URL(url).pathname) : undefined),
  };
}
