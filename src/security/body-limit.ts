/**
 * Request bodies above `maxBodyBytes` are refused with 413 and a GraphQL-shaped error
 * (`REQUEST_ENTITY_TOO_LARGE`, the code Yoga's own 25 MB guard uses). The declared
 * `Content-Length` is checked first, and is enough on its own: Node's HTTP parser delivers
 * exactly that many body bytes (and refuses a request carrying both Content-Length and
 * Transfer-Encoding), so such a body cannot be longer than declared. Only a chunked body without
 * a length is counted while the selected parser reads it, so it cannot slip past. Counting costs
 * a stream pipeline per request (about 40% of the gateway's CPU for a small query), which is why
 * it is not done when the length is known. Only the parser sees the counting copy of the
 * request: the request object the rest of the pipeline (and authentication) keys on stays the
 * same. Yoga's own 25 MB guard, which would pipe every body once more, is off (server.ts).
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
        // Node's parser reads no more than the declared length: nothing left to count.
        return;
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
        parse(
          new fetchAPI.Request(request.url, {
            method: request.method,
            headers: request.headers,
            body: counted,
            duplex: 'half',
          } as RequestInit),
        ),
      );
    },
  };
}
