// PLACEHOLDER (replaced by the authentication work): every request is the anonymous caller.
import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from './authenticate.ts';
import { ANONYMOUS, type Caller } from './caller.ts';

export function useAuthentication(_authenticator: Authenticator): Plugin {
  return {};
}

export function callerOf(_request: Request): Caller {
  return ANONYMOUS;
}
