/**
 * Shared by the pcap tests: a small two-node cluster of any modelled shape with a Service,
 * and the four probes the export is checked on — a cross-node ping, an HTTP connection to
 * the Service's ClusterIP (DNAT on the way), a DNS lookup, and a ping too big for the path
 * (pod MTU 1500 over a tunnel, or a node with a smaller MTU: the frag-needed error).
 */
import { runProbe, type Lab } from '../lab';
import { lab } from '../trace/test-helpers';
import type { ProbeSpec } from '../model/scenario-schema';
import type { Trace } from '../model/trace';

export interface ShapeLab {
  readonly cni: string;
  readonly mode: string;
  readonly lab: Lab;
}

export function shapeLab(cni: string, mode: string, opts: { podMTU?: number | 'auto'; mtu1?: number } = {}): ShapeLab {
  const yaml = `
apiVersion: podpath/v1
kind: Scenario
metadata: { name: pcap-${cni}-${mode} }
cluster:
  cni: ${cni}
  mode: ${mode}
  kubeProxy: iptables
  podMTU: ${opts.podMTU ?? 'auto'}
  nodes:
    - { name: node1, ip: 172.18.0.11${opts.mtu1 ? `, mtu: ${opts.mtu1}` : ''} }
    - { name: node2, ip: 172.18.0.12 }
  pods:
    - { name: client, node: node1 }
    - { name: web-1, node: node2, labels: { app: web }, ports: [8080, { containerPort: 9000, protocol: UDP }] }
  services:
    - { name: web, clusterIP: 10.96.100.10, selector: { app: web }, ports: [{ port: 80, targetPort: 8080, protocol: TCP }] }
`;
  return { cni, mode, lab: lab(yaml) };
}

export const PROBES = {
  ping: { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 },
  http: { from: 'client', to: '10.96.100.10:80', protocol: 'http' },
  dns: { from: 'client', to: 'web.default.svc.cluster.local', protocol: 'dns' },
  udp: { from: 'client', to: 'web-1:9000', protocol: 'udp', size: 64 },
  big: { from: 'client', to: 'web-1', protocol: 'icmp', size: 1472, df: true },
} as const satisfies Record<string, Partial<ProbeSpec>>;

export type ProbeName = keyof typeof PROBES;

/** Runs the named probes in order on one evolving lab. */
export function traces(l: Lab, names: readonly ProbeName[]): Trace[] {
  let cur = l;
  return names.map((n) => {
    const r = runProbe(cur, PROBES[n] as unknown as ProbeSpec);
    cur = r.lab;
    return r.trace;
  });
}
