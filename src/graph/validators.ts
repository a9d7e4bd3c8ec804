/**
 * Input rules shared by every provider's mutations. They run in `@pothos/plugin-zod` before any
 * resolver, so a rejected value never reaches an upstream. Messages never echo the value.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { isForbiddenHost, isLoopbackHost } from '../net/address-policy.ts';

/**
 * An absolute URL an upstream will fetch metadata from: https (or http on loopback, for the
 * sandbox's own metadata documents; live mode refuses http altogether), no user:password part,
 * no IP literal in a private, loopback, link-local or metadata range, no metadata-service or
 * loopback name (`localhost`, `*.localhost`), at most 2048 characters. The host is judged as the
 * URL parser reads it, so `2130706433`, `0x7f.1` or `[::ffff:7f00:1]` are 127.0.0.1. Other names
 * are not resolved here: DNS answers are checked where the gateway itself fetches, and what an
 * upstream's resolver answers is out of the gateway's sight.
 */
export const metadataUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => URL.canParse(value), 'must be an absolute URL')
  // The URL parser forgives spellings such as `http:/host`, `ht\ttp://host` or a leading control
  // character; an upstream may not. Only the plain form is accepted, so what is checked here is
  // what the upstream gets.
  .refine(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the control-character range is here on purpose, to refuse such characters
    (value) => /^https?:\/\/[^\s\\\u0000-\u001f\u007f]+$/i.test(value),
    'must be written as https://host/path, without spaces, backslashes or control characters',
  )
  // zod runs every refinement even after one failed, so the later ones skip unparseable input.
  .refine((value) => {
    const url = URL.parse(value);
    return !url || url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  }, 'must use https (http is accepted only for loopback addresses)')
  .refine((value) => {
    const url = URL.parse(value);
    return !url || (url.username === '' && url.password === '');
  }, 'must not contain credentials')
  .refine((value) => {
    const url = URL.parse(value);
    if (!url) return true;
    const sandboxLoopback = url.protocol === 'http:' && isLoopbackHost(url.hostname);
    return sandboxLoopback || !isForbiddenHost(url.hostname);
  }, 'must not point at a private, loopback, link-local or metadata-service address');

/**
 * Routing a public mail domain to one SSO connection would let anyone with an address there into
 * that tenant's sign-in; Logto refuses these too.
 */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'qq.com',
  '163.com',
  '126.com',
  'zoho.com',
  'web.de',
]);

/** A DNS hostname such as `example.com`: letters, digits and hyphens, at least two labels. */
export const domainName = z
  .string()
  .trim()
  .max(253, 'must be at most 253 characters')
  .regex(/^(?=.{1,253}$)(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z][A-Za-z0-9-]{0,62}(?<!-)$/, 'must be a hostname such as example.com')
  .refine((value) => isIP(value) === 0, 'must be a hostname, not an IP address')
  .refine(
    (value) => !PUBLIC_MAIL_DOMAINS.has(value.toLowerCase()),
    'must not be a public e-mail domain (anyone can register an address there)',
  );

export const domainList = z.array(domainName).max(100, 'must list at most 100 domains');

/** An upstream identifier: not blank, no control characters, no path tricks. */
/** A lone UTF-16 surrogate cannot be URL-encoded (encodeURIComponent throws) nor sent as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const upstreamId = z
  .string()
  .min(1, 'must not be empty')
  .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode text')
  .max(256, 'must be at most 256 characters')
  .refine((value) => value.trim() === value && value.trim() !== '', 'must not be blank or padded with spaces')
  .refine(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the control-character range is here on purpose, to refuse such characters
    (value) => !/[\u0000-\u001f\u007f/\\?#]/.test(value) && value !== '.' && value !== '..',
    'must not contain /, \\, ?, # or control characters',
  );
