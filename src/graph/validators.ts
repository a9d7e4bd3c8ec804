/**
 * Input rules shared by every provider's mutations. They run in `@pothos/plugin-zod` before any
 * resolver, so a rejected value never reaches an upstream. Messages never echo the value.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * An absolute URL an upstream will fetch metadata from: https, or http on loopback (the sandbox's
 * own metadata documents), no user:password part, at most 2048 characters.
 */
export const metadataUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => URL.canParse(value), 'must be an absolute URL')
  // zod runs every refinement even after one failed, so the later ones skip unparseable input.
  .refine((value) => {
    const url = URL.parse(value);
    return !url || url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  }, 'must use https (http is accepted only for loopback addresses)')
  .refine((value) => {
    const url = URL.parse(value);
    return !url || (url.username === '' && url.password === '');
  }, 'must not contain credentials');

/** A DNS hostname such as `example.com`: letters, digits and hyphens, at least two labels. */
export const domainName = z
  .string()
  .trim()
  .max(253, 'must be at most 253 characters')
  .regex(/^(?=.{1,253}$)(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z][A-Za-z0-9-]{0,62}(?<!-)$/, 'must be a hostname such as example.com')
  .refine((value) => isIP(value) === 0, 'must be a hostname, not an IP address');

export const domainList = z.array(domainName).max(100, 'must list at most 100 domains');

/** An upstream identifier: not blank, no control characters, no path tricks. */
export const upstreamId = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .refine((value) => value.trim() === value && value.trim() !== '', 'must not be blank or padded with spaces')
  .refine((value) => !/[\u0000-\u001f\u007f/\\?#]/.test(value) && value !== '.' && value !== '..', 'must not contain /, \\, ?, # or control characters');
