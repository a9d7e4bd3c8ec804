import { describe, expect, it } from 'vitest';
import {
  isForbiddenAddress,
  isForbiddenHost,
  isLoopbackAddress,
  isLoopbackHost,
  isLoopbackName,
  isMetadataHost,
} from '../../src/net/address-policy.ts';

describe('isForbiddenAddress', () => {
  it.each([
    '0.0.0.0',
    '10.0.0.5',
    '100.64.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '172.31.255.255',
    '192.0.0.192',
    '192.168.1.1',
    '198.18.0.1',
    '203.0.113.9',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    'fd00:ec2::254',
    'fc00::1',
    'fe80::1',
    'ff02::1',
    '2001:db8::1',
    // IPv4 inside IPv6, in every spelling the URL parser and resolvers produce.
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '[::ffff:a9fe:a9fe]',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    '2002:a00:1::',
    '::127.0.0.1',
  ])('refuses %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '2606:2800:220:1:248:1893:25c8:1946',
    '::ffff:93.184.216.34',
    '64:ff9b::5db8:d822',
    'idp.example.com',
  ])('lets %s through', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe('loopback', () => {
  it('knows loopback addresses in their usual and mapped forms', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([true, true, true, true, true]);
    expect(['10.0.0.1', '0.0.0.0', '::', 'localhost'].map(isLoopbackAddress)).toEqual([false, false, false, false]);
  });

  it('accepts only plain loopback spellings as sandbox hosts', () => {
    expect(['localhost', 'LOCALHOST.', '127.0.0.1', '[::1]'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['[::ffff:7f00:1]', '0.0.0.0', 'localhost.example.com'].map(isLoopbackHost)).toEqual([false, false, false]);
  });

  it('names the metadata services', () => {
    expect(['metadata.google.internal', 'Metadata.Google.Internal.', 'instance-data'].map(isMetadataHost)).toEqual([true, true, true]);
    expect(isMetadataHost('idp.example.com')).toBe(false);
  });
  it('knows localhost and every name under it as loopback names', () => {
    expect(['localhost', 'LocalHost', 'localhost.', 'localhost..', 'idp.localhost', 'a.b.localhost.'].map(isLoopbackName)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['localhost.example.com', 'mylocalhost', 'localhostx', '127.0.0.1'].map(isLoopbackName)).toEqual([false, false, false, false]);
  });
});

describe('isForbiddenHost (what can be refused without resolving)', () => {
  it.each(['10.0.0.1', '[fd00::1]', '[::ffff:a9fe:a9fe]', 'metadata.google.internal', 'localhost', 'idp.localhost.'])(
    'refuses %s',
    (host) => {
      expect(isForbiddenHost(host)).toBe(true);
    },
  );

  it.each(['idp.example.com', '93.184.216.34', '[2606:2800:220:1:248:1893:25c8:1946]', 'localhost.example.com'])(
    'leaves %s to the resolver',
    (host) => {
      expect(isForbiddenHost(host)).toBe(false);
    },
  );
});
