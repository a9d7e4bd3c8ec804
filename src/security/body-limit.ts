/**
 * Request bodies above `maxBodyBytes` are refused with 413 and a GraphQL-shaped error
 * (`REQUEST_ENTITY_TOO_LARGE`, the code Yoga's own 25 MB guard uses). The declared
 * `Content-Length` is checked first; the body is then counted while the selected parser reads
 * it, so a chunked body without a length cannot slip past. Only the parser sees the counting
 * copy of the request: the request object the rest of the pipeline (and authentication) keys
 * on stays the same.
 *
 * A body refused half-read leaves the connection unusable (Node drops the socket once the
 * stream is cancelled), so 413 answers say `Connection: close` and clients do not reuse it.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const CONTENT_LENGTH = /^\d+$/;

export function useBodyLimit(maxBytes: number): Plugin {
  const tooLarge = () =>
    createGraphQLError(`Request body is larger than the limit of ${maxBytes} bytes.`, {
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
    });
  return {
    onResponse({ response }) {
      if (response.status === 413) response.headers.set('Connection', 'close');
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) {
          throw createGraphQLError('Content-Length header is invalid.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        }
        if (Number(declared) > maxBytes) throw tooLarge();
      }
      const body = request.body;
      if (!requestParser || !body) return;
      // The body is a native stream or a @whatwg-node ponyfill one; each pipes only into its own kind.
      const Transform = body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
      let read = 0;
      const counted = body.pipeThrough(
        new Transform<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            read += chunk.byteLength;
            if (read > maxBytes) controller.error(tooLarge());
            else controller.enqueue(chunk);
          },
        }),
      );
      const parse = requestParser;
      setRequestParser(() =>
        parse(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body: counted, duplex: 'half' } as RequestInit)),
      );
    },
  };
}
