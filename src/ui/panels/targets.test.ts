import '../test-engine';
import { describe, expect, it } from 'vitest';
import { loadDefault, loadSample } from '../store/scenarios';
import { destinationError, toSuggestions } from './targets';

describe('the To field', () => {
  it('accepts what the engine takes: places, names, FQDNs, addresses, ip:port, node:nodePort', () => {
    for (const ok of [
      'web-1',
      'prod/web-0',
      'web.prod',
      'web.prod.svc.cluster.local',
      'web.prod.svc.cluster.local.',
      'web.prod:80',
      '10.96.0.10',
      '10.96.100.10:80',
      'node1:30080',
      ' web-1 ',
    ])
      expect(destinationError(ok), ok).toBeNull();
  });

  it('says what is wrong with an empty or malformed destination', () => {
    expect(destinationError('')).toMatch(/Enter a destination/);
    expect(destinationError('   ')).toMatch(/Enter a destination/);
    expect(destinationError('web 1')).toMatch(/without spaces/);
    expect(destinationError('web:http')).toMatch(/port number/);
    expect(destinationError('web:70000')).toMatch(/out of range/);
    expect(destinationError(':80')).toMatch(/before the port/);
    expect(destinationError('10.96.0.300')).toMatch(/not an IPv4 address/);
    expect(destinationError('10.96.0')).toMatch(/not an IPv4 address/);
    expect(destinationError('web_1')).toMatch(/letters, digits/);
    expect(destinationError('-web')).toMatch(/letters, digits/);
  });

  it('suggests the places, then each Service by name, FQDN, ClusterIP:port and NodePort', () => {
    const values = toSuggestions(loadSample('services-dns').lab.cluster).map((s) => s.value);
    for (const v of [
      'client',
      'web-0',
      'node1',
      'laptop',
      'web.prod',
      'web.prod.svc.cluster.local',
      'web.prod.svc.cluster.local:80',
      '10.96.100.10:80',
      'node2:30080',
    ])
      expect(values, v).toContain(v);
    expect(values).toContain('kube-dns.kube-system.svc.cluster.local');
    expect(new Set(values).size).toBe(values.length);
    // a hostNetwork pod is its node: not offered apart from it
    expect(toSuggestions(loadDefault().lab.cluster).some((s) => s.value.startsWith('kube-apiserver'))).toBe(false);
  });
});
