import { describe, expect, it } from 'vitest';
import type { ProbeSpec } from '../model/scenario-schema';
import { formatProbeHuman, probeId, probeResultJson } from './result';
import type { Hop, Trace } from '../model/trace';

const probe: ProbeSpec = { id: 'big', from: 'client', to: 'web-1', protocol: 'icmp', size: 1472, df: true };
const hops: Hop[] = [
  {
    seq: 1,
    node: 'node1',
    netns: 'client',
    netnsId: 'pod:default/client',
    kind: 'send',
    dir: 'request',
    note: 'client sends an ICMP echo request',
    headers: [],
    t: 0,
  },
  {
    seq: 2,
    node: 'node1',
    netns: 'host',
    netnsId: 'node1',
    device: 'flannel.1',
    kind: 'icmp',
    dir: 'error',
    note: 'node1 sends ICMP fragmentation needed (mtu 1450)',
    headers: [],
    t: 0.01,
  },
];
const frag: Trace = { verdict: 'rejected', reason: 'FRAG_NEEDED', icmp: { type: 3, code: 4, mtu: 1450, from: '10.244.1.1' }, elapsed: 0.02, hops };

describe('probeResultJson (SCENARIOS.md runner shape)', () => {
  it('has exactly the documented fields, optional ones only when present', () => {
    expect(probeResultJson(probe, frag)).toEqual({
      id: 'big',
      verdict: 'rejected',
      reason: 'FRAG_NEEDED',
      icmp: { type: 3, code: 4, mtu: 1450, from: '10.244.1.1' },
      hops: [
        { node: 'node1', netns: 'client', device: null, kind: 'send', note: 'client sends an ICMP echo request' },
        { node: 'node1', netns: 'host', device: 'flannel.1', kind: 'icmp', note: 'node1 sends ICMP fragmentation needed (mtu 1450)' },
      ],
    });
  });

  it('carries localError, replyTtl, path, backend, dns and the walk’s note when the trace has them', () => {
    const t = {
      verdict: 'rejected',
      reason: 'LOCAL_EMSGSIZE',
      localError: 'EMSGSIZE',
      localMtu: 1450,
      replyTtl: 62,
      path: ['10.244.1.1'],
      backend: '10.244.2.7:8080',
      note: 'n',
      elapsed: 0,
      hops: [],
    } as Trace;
    const dns = [{ name: 'web.prod.svc.cluster.local', type: 'A', rcode: 'NOERROR' }];
    const json = probeResultJson(probe, { ...t, dns } as Trace);
    expect(json).toMatchObject({ localError: 'EMSGSIZE', replyTtl: 62, path: ['10.244.1.1'], backend: '10.244.2.7:8080', dns, note: 'n' });
    expect(Object.keys(probeResultJson(probe, { ...t, localError: null }))).not.toContain('localError');
  });

  it('names a probe without an id by its position', () => {
    const anon = { ...probe, id: undefined };
    expect(probeId(anon, 2)).toBe('probe-3');
    expect(probeId(anon)).toBe('icmp client -> web-1');
  });
});

describe('formatProbeHuman', () => {
  it('prints the verdict line, the reason, the ICMP detail and one aligned line per hop', () => {
    expect(formatProbeHuman(probe, frag)).toEqual([
      'big: icmp client -> web-1 (1472 bytes, DF): rejected FRAG_NEEDED',
      '  ICMP fragmentation needed (type 3 code 4): DF set and the packet exceeds the next-hop MTU',
      '  icmp: type 3 code 4 mtu 1450 from 10.244.1.1',
      '  1  node1  client  -          send  client sends an ICMP echo request',
      '  2  node1  host    flannel.1  icmp  node1 sends ICMP fragmentation needed (mtu 1450)',
    ]);
  });
});
