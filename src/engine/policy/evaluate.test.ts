/**
 * REFERENCE §5.1: every row of the truth table, as the upstream e2e test builds it
 * (K8S test/e2e/network/netpol/network_policy.go at 008b3652959c): the same pods, policies
 * and Reachability expectations; loopback ignored.
 */
import { describe, expect, it } from 'vitest';
import { Reachability, e2eWorld, np, podIp } from './test-helpers';
import type { ConnProtocol, NetworkPolicyRecord } from './types';

const nsName = (ns: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } });
const pod = (name: string) => ({ matchLabels: { pod: name } });

function expectReach(pods: string[], policies: NetworkPolicyRecord[], reach: Reachability, protocol: ConnProtocol, port: number): void {
  expect(reach.mismatches(e2eWorld(pods, policies), protocol, port)).toEqual([]);
}

describe('REFERENCE §5.1 truth table (upstream netpol e2e)', () => {
  it("1 should support a 'default-deny-ingress' policy", () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b'];
    const p = np('x', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
    expectReach(pods, [p], new Reachability(pods, true).expectPeer({}, { namespace: 'x' }, false), 'TCP', 80);
  });

  it("2 should support a 'default-deny-all' policy", () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const p = np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const reach = new Reachability(pods, true).expectPeer({}, { namespace: 'x' }, false).expectPeer({ namespace: 'x' }, {}, false);
    expectReach(pods, [p], reach, 'TCP', 80);
  });

  it('3 should enforce policy to allow traffic from pods within server namespace based on PodSelector', () => {
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    const p = np('x', 'x-a-allows-x-b', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: pod('b') }] }] });
    expectReach(pods, [p], new Reachability(pods, true).expectAllIngress('x/a', false).expect('x/b', 'x/a', true), 'TCP', 80);
  });

  it('4 should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const p = np('x', 'allow-client-a-via-ns-selector', {
      podSelector: pod('a'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: nsName('y') }] }],
    });
    const reach = new Reachability(pods, true)
      .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
      .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false);
    expectReach(pods, [p], reach, 'TCP', 80);
  });

  const notInX = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['x'] }] };

  it('5 should enforce policy based on PodSelector or NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    const p = np('x', 'allow-ns-y-match-selector', {
      podSelector: pod('a'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: notInX }, { podSelector: pod('b') }] }],
    });
    expectReach(pods, [p], new Reachability(pods, true).expect('x/a', 'x/a', false).expect('x/c', 'x/a', false), 'TCP', 80);
  });

  it('6 should enforce policy based on PodSelector and NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'];
    const p = np('x', 'allow-ns-y-podselector-and-nsselector', {
      podSelector: pod('a'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: notInX, podSelector: pod('b') }] }],
    });
    const reach = new Reachability(pods, true).expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true);
    expectReach(pods, [p], reach, 'TCP', 80);
  });

  const port81FromY = (name: string, port: number) =>
    np('x', name, {
      podSelector: pod('a'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: nsName('y') }], ports: [{ port, protocol: 'TCP' }] }],
    });
  const allowFromY = (pods: string[]) =>
    new Reachability(pods, true)
      .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
      .expectPeer({ namespace: 'y' }, { namespace: 'x', pod: 'a' }, true)
      .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false);

  it('7 should enforce policy based on Ports', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    expectReach(pods, [port81FromY('allow-client-a-via-ns-selector', 81)], allowFromY(pods), 'TCP', 81);
  });

  it('8 should enforce multiple, stacked policies with overlapping podSelectors', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    const p81 = port81FromY('allow-client-a-via-ns-selector', 81);
    expectReach(pods, [p81], allowFromY(pods), 'TCP', 81);
    expectReach(pods, [p81], new Reachability(pods, true).expectAllIngress('x/a', false), 'TCP', 80);
    // after adding policy 2 the union admits port 80 from y too
    expectReach(pods, [p81, port81FromY('allow-client-a-via-ns-selector-80', 80)], allowFromY(pods), 'TCP', 80);
  });

  it('9 should allow ingress access on one named port', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const p = np('x', 'allow-all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] });
    expectReach(pods, [p], new Reachability(pods, true), 'TCP', 81);
    expectReach(pods, [p], new Reachability(pods, true).expectPeer({}, { namespace: 'x' }, false), 'TCP', 80);
  });

  it('10 should allow egress access on one named port', () => {
    const pods = ['x/a', 'y/a'];
    const p = np('x', 'allow-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] });
    expectReach(pods, [p], new Reachability(pods, true), 'TCP', 80);
    expectReach(pods, [p], new Reachability(pods, true).expectPeer({ namespace: 'x' }, {}, false), 'TCP', 81);
  });

  it('11 should work with Ingress, Egress specified together', () => {
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    const p = np('x', 'allow-client-a-via-pod-selector', {
      podSelector: pod('a'),
      policyTypes: ['Egress', 'Ingress'],
      ingress: [{ from: [{ podSelector: pod('b') }] }],
      egress: [{ ports: [{ port: 80 }] }],
    });
    expectReach(pods, [p], new Reachability(pods, true).expectAllIngress('x/a', false).expect('x/b', 'x/a', true), 'TCP', 80);
    const reach81 = new Reachability(pods, true).expectAllIngress('x/a', false).expectAllEgress('x/a', false).expect('x/b', 'x/a', true);
    expectReach(pods, [p], reach81, 'TCP', 81);
  });

  const xaToYa = { namespaceSelector: nsName('y'), podSelector: pod('a') };

  it('12 should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)', () => {
    const pods = ['x/a', 'y/a', 'y/b'];
    const fromXa = [{ from: [{ namespaceSelector: nsName('x'), podSelector: pod('a') }] }];
    const policies = [
      np('x', 'allow-to-ns-y-pod-a', { podSelector: pod('a'), policyTypes: ['Egress'], egress: [{ to: [xaToYa] }] }),
      np('y', 'allow-from-xa-on-ya-match-selector', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: fromXa }),
      np('y', 'allow-from-xa-on-yb-match-selector', { podSelector: pod('b'), policyTypes: ['Ingress'], ingress: fromXa }),
    ];
    const reach = new Reachability(pods, true)
      .expectPeer({ namespace: 'x', pod: 'a' }, {}, false)
      .expectPeer({}, { namespace: 'y', pod: 'a' }, false)
      .expectPeer({ namespace: 'x', pod: 'a' }, { namespace: 'y', pod: 'a' }, true)
      .expectPeer({}, { namespace: 'y', pod: 'b' }, false);
    expectReach(pods, policies, reach, 'TCP', 80);
  });

  it('13 should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector', () => {
    const pods = ['x/a', 'y/a', 'y/b'];
    const p = np('x', 'allow-to-ns-y-pod-a', { podSelector: pod('a'), policyTypes: ['Egress'], egress: [{ to: [xaToYa] }] });
    expectReach(pods, [p], new Reachability(pods, true).expectAllEgress('x/a', false).expect('x/a', 'y/a', true), 'TCP', 80);
  });

  it('14 should enforce ingress policy allowing any port traffic to a server on a specific protocol', () => {
    const pods = ['x/a', 'y/a'];
    const p = np('x', 'allow-ingress-by-proto', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP' }] }] });
    expectReach(pods, [p], new Reachability(pods, true), 'TCP', 80);
    expectReach(pods, [p], new Reachability(pods, true).expectPeer({}, { namespace: 'x', pod: 'a' }, false), 'UDP', 80);
  });

  it('15 should not allow access by TCP when a policy specifies only UDP', () => {
    const pods = ['x/a', 'y/a'];
    const p = np('x', 'allow-only-udp-ingress-on-port-81', {
      podSelector: pod('a'),
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 81, protocol: 'UDP' }] }],
    });
    expectReach(pods, [p], new Reachability(pods, true).expectAllIngress('x/a', false), 'TCP', 81);
  });

  it("15b should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP", () => {
    const pods = ['x/a', 'y/a'];
    const p = np('x', 'allow-only-sctp-ingress-on-port-80', {
      podSelector: pod('a'),
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 80, protocol: 'SCTP' }] }],
    });
    expectReach(pods, [p], new Reachability(pods, true).expectAllIngress('x/a', false), 'TCP', 81);
  });

  it('16 should allow egress access to server in CIDR block', () => {
    const pods = ['x/a', 'y/a', 'y/b'];
    const ybIp = podIp(e2eWorld(pods), 'y/b');
    const p = np('x', 'allow-client-a-via-cidr-egress-rule', {
      podSelector: pod('a'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: `${ybIp}/32` } }] }],
    });
    expectReach(pods, [p], new Reachability(pods, true).expectAllEgress('x/a', false).expect('x/a', 'y/b', true), 'TCP', 80);
  });

  /** makeLargeCIDRForIP: the /4 around the pod's IP */
  const large = (ip: string) => `${Number(ip.split('.')[0]) & 0xf0}.0.0.0/4`;

  it('17 should enforce except clause while egress access to server in CIDR block', () => {
    const pods = ['x/a', 'x/b', 'x/c'];
    const xb = podIp(e2eWorld(pods), 'x/b');
    const p = np('x', 'allow-client-a-via-cidr-egress-rule', {
      podSelector: pod('a'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: large(xb), except: [`${xb}/32`] } }] }],
    });
    expectReach(pods, [p], new Reachability(pods, true).expect('x/a', 'x/b', false), 'TCP', 80);
  });

  it('18 should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed', () => {
    const pods = ['x/a', 'x/b', 'x/c'];
    const xb = podIp(e2eWorld(pods), 'x/b');
    const name = 'allow-client-a-via-cidr-egress-rule';
    const before = np('x', name, {
      podSelector: pod('a'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: large(xb), except: [`${xb}/32`] } }] }],
    });
    expectReach(pods, [before], new Reachability(pods, true).expect('x/a', 'x/b', false), 'TCP', 80);
    // UpdatePolicy with the same name replaces it
    const after = np('x', name, { podSelector: pod('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: `${xb}/32` } }] }] });
    expectReach(pods, [after], new Reachability(pods, true).expectAllEgress('x/a', false).expect('x/a', 'x/b', true), 'TCP', 80);
  });

  it('19 should deny ingress from pods on other namespaces', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const p = np('x', 'deny-empty-policy', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: {} } }] }] });
    const reach = new Reachability(pods, true)
      .expectPeer({ namespace: 'y' }, { namespace: 'x' }, false)
      .expectPeer({ namespace: 'z' }, { namespace: 'x' }, false);
    expectReach(pods, [p], reach, 'TCP', 80);
  });

  it('20 should enforce multiple ingress policies with ingress allow-all policy taking precedence', () => {
    const pods = ['x/a', 'y/a'];
    const only80 = np('x', 'allow-ingress-port-80', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80 }] }] });
    expectReach(pods, [only80], new Reachability(pods, true).expectPeer({}, { namespace: 'x' }, false), 'TCP', 81);
    const allowAll = np('x', 'allow-ingress', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] });
    expectReach(pods, [only80, allowAll], new Reachability(pods, true), 'TCP', 81);
  });

  it('21 should deny ingress access to updated pod', () => {
    const pods = ['x/a', 'y/a'];
    const p = np('x', 'deny-ingress-via-label-selector', { podSelector: { matchLabels: { target: 'isolated' } }, policyTypes: ['Ingress'] });
    expectReach(pods, [p], new Reachability(pods, true), 'TCP', 80);
    // AddPodLabels(x/a, target=isolated): the same policy set, the pod changed
    const world = e2eWorld(pods, [p]);
    const relabelled = {
      ...world,
      pods: world.pods.map((q) => (q.namespace === 'x' && q.name === 'a' ? { ...q, labels: { ...q.labels, target: 'isolated' } } : q)),
    };
    expect(new Reachability(pods, true).expectAllIngress('x/a', false).mismatches(relabelled, 'TCP', 80)).toEqual([]);
  });

  it('22 should enforce policy to allow ingress traffic for a target', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const policies = [
      np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] }),
      np('x', 'allow-all-to-a', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] }),
    ];
    expectReach(pods, policies, new Reachability(pods, true).expectAllIngress('x/a', true).expectAllIngress('x/b', false), 'TCP', 80);
  });

  it('23 endPort is an inclusive range (semantics, not an upstream e2e case)', () => {
    const pods = ['x/a', 'y/a'];
    const p = np('x', 'range', { podSelector: pod('a'), policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 80, endPort: 81 }] }] });
    expectReach(pods, [p], new Reachability(pods, true), 'TCP', 80);
    expectReach(pods, [p], new Reachability(pods, true), 'TCP', 81);
    expectReach(pods, [p], new Reachability(pods, true).expectAllIngress('x/a', false), 'TCP', 82);
  });
});

describe('the UDP and SCTP variants upstream runs of the same cases', () => {
  for (const protocol of ['UDP', 'SCTP'] as const) {
    it(`${protocol}: default-deny-ingress and policy based on ports`, () => {
      const pods = ['x/a', 'x/b', 'y/a', 'y/b'];
      const deny = np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
      expectReach(pods, [deny], new Reachability(pods, true).expectPeer({}, { namespace: 'x' }, false), protocol, 80);
      const ports = ['x/a', 'x/b', 'y/a', 'z/a'];
      const p = np('x', 'allow-ingress-on-port-81-ns-x', {
        podSelector: pod('a'),
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: nsName('y') }], ports: [{ port: 81, protocol }] }],
      });
      const reach = new Reachability(ports, true)
        .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
        .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false);
      expectReach(ports, [p], reach, protocol, 81);
    });
  }
});
