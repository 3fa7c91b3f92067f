/**
 * Test helpers: the upstream netpol e2e world (K8S test/e2e/network/netpol, REFERENCE §5.1)
 * and a port of its Reachability truth table, so each test reads like the e2e test it copies.
 *
 * Namespaces x, y, z; pods a, b, c labelled pod=<name>; servers on TCP/UDP/SCTP 80 and 81
 * with named ports serve-<port>-<proto> (agnhost in the e2e model). Namespace labels are the
 * automatic kubernetes.io/metadata.name only.
 */
import { evaluate } from './evaluate';
import { parseNetworkPolicy } from './schema';
import type { ConnProtocol, NamedPort, NetworkPolicyRecord, PolicyContext, PolicyPod, PolicyVerdict } from './types';

export const NAMESPACES = ['x', 'y', 'z'] as const;
export const POD_NAMES = ['a', 'b', 'c'] as const;

export const SERVE_PORTS: readonly NamedPort[] = [80, 81].flatMap((port) =>
  (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, port, protocol })),
);

/** `x/a` → a pod: IP 10.244.<ns+1>.<pod+10>, nodes alternate node-1/node-2 */
export function e2ePod(s: string, labels?: Record<string, string>): PolicyPod {
  const [ns, name] = s.split('/');
  const n = NAMESPACES.indexOf(ns as (typeof NAMESPACES)[number]);
  const p = POD_NAMES.indexOf(name as (typeof POD_NAMES)[number]);
  return {
    namespace: ns,
    name,
    labels: labels ?? { pod: name },
    ip: `10.244.${n + 1}.${p + 10}`,
    node: (n + p) % 2 === 0 ? 'node-1' : 'node-2',
    hostNetwork: false,
    ports: SERVE_PORTS,
  };
}

export const ALL_PODS = NAMESPACES.flatMap((ns) => POD_NAMES.map((p) => `${ns}/${p}`));

export function e2eWorld(pods: readonly string[] = ALL_PODS, policies: readonly NetworkPolicyRecord[] = []): PolicyContext {
  return {
    pods: pods.map((p) => e2ePod(p)),
    namespaces: NAMESPACES.map((name) => ({ name, labels: {} })),
    nodes: [
      { name: 'node-1', ip: '10.0.0.11' },
      { name: 'node-2', ip: '10.0.0.12' },
    ],
    policies,
  };
}

/** Parses a NetworkPolicy object (so every test also exercises the schema); throws on invalid input. */
export function np(namespace: string, name: string, spec: Record<string, unknown>): NetworkPolicyRecord {
  const r = parseNetworkPolicy({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
  if (!r.ok) throw new Error(`invalid test policy ${namespace}/${name}: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return r.record;
}

export function podIp(ctx: PolicyContext, s: string): string {
  const [ns, name] = s.split('/');
  return ctx.pods.find((p) => p.namespace === ns && p.name === name)!.ip!;
}

export function check(ctx: PolicyContext, from: string, to: string, protocol: ConnProtocol = 'TCP', port = 80): PolicyVerdict {
  const [sn, sp] = from.split('/');
  const [dn, dp] = to.split('/');
  return evaluate(ctx, { src: { pod: { namespace: sn, name: sp } }, dst: { pod: { namespace: dn, name: dp } }, protocol, port });
}

interface Peer {
  readonly namespace?: string;
  readonly pod?: string;
}

const peerMatches = (peer: Peer, s: string): boolean => {
  const [ns, name] = s.split('/');
  return (peer.namespace === undefined || peer.namespace === ns) && (peer.pod === undefined || peer.pod === name);
};

/** The e2e Reachability matrix (test/e2e/network/netpol/reachability.go), same method names. */
export class Reachability {
  private readonly expected = new Map<string, boolean>();
  constructor(
    readonly pods: readonly string[],
    defaultExpectation: boolean,
  ) {
    for (const f of pods) for (const t of pods) this.expected.set(`${f}>${t}`, defaultExpectation);
  }
  expect(from: string, to: string, allowed: boolean): this {
    this.expected.set(`${from}>${to}`, allowed);
    return this;
  }
  expectPeer(from: Peer, to: Peer, allowed: boolean): this {
    for (const f of this.pods) for (const t of this.pods) if (peerMatches(from, f) && peerMatches(to, t)) this.expected.set(`${f}>${t}`, allowed);
    return this;
  }
  expectAllIngress(pod: string, allowed: boolean): this {
    return this.expectPeer({}, { namespace: pod.split('/')[0], pod: pod.split('/')[1] }, allowed);
  }
  expectAllEgress(pod: string, allowed: boolean): this {
    return this.expectPeer({ namespace: pod.split('/')[0], pod: pod.split('/')[1] }, {}, allowed);
  }
  /** Mismatches against the evaluator, loopback ignored (ignoreLoopback = true upstream). */
  mismatches(ctx: PolicyContext, protocol: ConnProtocol, port: number): string[] {
    const out: string[] = [];
    for (const f of this.pods)
      for (const t of this.pods) {
        if (f === t) continue;
        const v = check(ctx, f, t, protocol, port);
        if (v.allowed !== this.expected.get(`${f}>${t}`)) out.push(`expected ${this.expected.get(`${f}>${t}`) ? 'ALLOW' : 'DENY'}: ${v.text}`);
      }
    return out;
  }
}
