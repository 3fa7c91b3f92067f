import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { ciliumLab } from '../cni/cilium/test-helpers';

const svc = `  services:
    - { name: web, clusterIP: 10.96.100.10, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }`;

describe('cilium-dbg', () => {
  const lab = ciliumLab({ kubeProxy: 'ebpf', extra: svc });

  it('status shows the KubeProxyReplacement line, IPAM with its trailing ", " and the routing mode', () => {
    const out = runCommand(lab, 'node1', 'cilium-dbg status').output.split('\n');
    expect(out).toContain('KubeProxyReplacement:    True   [eth0  192.168.1.10 (Direct Routing)]');
    expect(out.find((l) => l.startsWith('IPAM:'))).toMatch(/^IPAM: {20}IPv4: \d+\/254 allocated from 10\.0\.0\.0\/24, $/);
    expect(out).toContain('Routing:                 Network: Tunnel [vxlan]   Host: Legacy');
    expect(out).toContain('Masquerading:            IPTables [IPv4: Enabled, IPv6: Disabled]');
    expect(out).toContain('Hubble:                  Ok   Current/Max Flows: 0/4095 (0.00%), Flows/s: 0.00   Metrics: Disabled');
    expect(out[out.length - 1]).toMatch(/^Cluster health: {10}2\/2 reachable {3}\(2025-01-01T00:00:00Z\)$/);
  });

  it('says False without the replacement', () => {
    const out = runCommand(ciliumLab(), 'node1', 'cilium-dbg status').output;
    expect(out).toMatch(/^KubeProxyReplacement: {4}False {3}\[eth0/m);
  });

  it('service list prints frontends with /TCP and numbered active backends', () => {
    const out = runCommand(lab, 'node1', 'cilium-dbg service list').output.split('\n');
    expect(out[0]).toMatch(/^ID +Frontend +Service Type +Backend +$/);
    const row = out.find((l) => l.includes('10.96.100.10:80/TCP'))!;
    expect(row).toMatch(/ClusterIP +1 => 10\.0\.\d+\.\d+:8080\/TCP \(active\)/);
    expect(out[out.indexOf(row) + 1]).toMatch(/^ +2 => 10\.0\.\d+\.\d+:8080\/TCP \(active\)/);
  });

  it('bpf lb list prints slot 0 with the flags and one row per backend slot', () => {
    const out = runCommand(lab, 'node1', 'cilium-dbg bpf lb list').output.split('\n');
    expect(out[0]).toMatch(/^SERVICE ADDRESS +BACKEND ADDRESS \(REVNAT_ID\) \(SLOT\)/);
    expect(out.some((l) => /^10\.96\.100\.10:80\/TCP \(0\) +0\.0\.0\.0:0 \(\d+\) \(0\) \[ClusterIP, non-routable\]/.test(l))).toBe(true);
    expect(out.some((l) => /^10\.96\.100\.10:80\/TCP \(1\) +10\.0\.\d+\.\d+:8080\/TCP \(\d+\) \(1\)/.test(l))).toBe(true);
  });

  it('endpoint list has the two header lines and each endpoint with its identity and labels', () => {
    const out = runCommand(lab, 'node1', 'cilium-dbg endpoint list').output.split('\n');
    expect(out[0]).toMatch(/^ENDPOINT +POLICY \(ingress\) +POLICY \(egress\) +IDENTITY +LABELS \(source:key\[=value\]\) +IPv6 +IPv4 +STATUS/);
    expect(out[1]).toMatch(/^ +ENFORCEMENT +ENFORCEMENT/);
    expect(out.some((l) => /Disabled +Disabled +\d+ +k8s:app=client .*ready/.test(l))).toBe(true);
    expect(out.some((l) => l.trim() === 'k8s:io.kubernetes.pod.namespace=default')).toBe(true);
  });

  it('exists only on nodes of a Cilium cluster', () => {
    expect(runCommand(lab, 'client', 'cilium-dbg status').exitCode).not.toBe(0);
  });
});

describe('hubble observe', () => {
  it('prints the probes so far in the compact format: socket LB traces, then to-overlay / to-endpoint', () => {
    let lab = ciliumLab({ kubeProxy: 'ebpf', extra: svc });
    lab = runCommand(lab, 'client', 'curl -s http://10.96.100.10/').lab;
    const web0 = lab.cluster.pods.find((p) => p.name === 'web-0')!.ip;
    lab = runCommand(lab, 'client', `ping -c 1 ${web0}`).lab;
    const out = runCommand(lab, 'node1', 'hubble observe --last 100').output.split('\n');
    expect(out.some((l) => /^Jan {2}1 00:00:0\d\.\d{3}: default\/client \(ID:\d+\) <> default\/web:80 \(world\) pre-xlate-fwd TRACED \(TCP\)$/.test(l))).toBe(
      true,
    );
    expect(out.some((l) => /default\/client \(ID:\d+\) <> default\/web-[01]:8080 \(ID:\d+\) post-xlate-fwd TRANSLATED \(TCP\)$/.test(l))).toBe(true);
    expect(out.some((l) => /default\/client:\d+ \(ID:\d+\) -> default\/web-[01]:8080 \(ID:\d+\) to-endpoint FORWARDED \(TCP Flags: SYN\)$/.test(l))).toBe(true);
    expect(out.some((l) => /default\/client:\d+ \(ID:\d+\) <- default\/web-[01]:8080 \(ID:\d+\) to-endpoint FORWARDED \(TCP Flags: SYN, ACK\)$/.test(l))).toBe(
      true,
    );
    expect(out.some((l) => /default\/client \(ID:\d+\) -> default\/web-0 \(ID:\d+\) to-endpoint FORWARDED \(ICMPv4 EchoRequest\)$/.test(l))).toBe(true);
    expect(out.some((l) => /default\/client \(ID:\d+\) <- default\/web-0 \(ID:\d+\) to-endpoint FORWARDED \(ICMPv4 EchoReply\)$/.test(l))).toBe(true);
  });

  it('shows a policy drop as a verdict line and a Policy denied line', () => {
    let lab = ciliumLab({
      extra: `  networkPolicies:
    - metadata: { name: deny-web, namespace: default }
      spec: { podSelector: { matchLabels: { app: web } }, policyTypes: [Ingress] }`,
    });
    const web1 = lab.cluster.pods.find((p) => p.name === 'web-1')!.ip;
    lab = runCommand(lab, 'client', `ping -c 1 -W 1 ${web1}`).lab;
    const out = runCommand(lab, 'node1', 'hubble observe --verdict DROPPED').output.split('\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/default\/client \(ID:\d+\) <> default\/web-1 \(ID:\d+\) Policy denied DROPPED \(ICMPv4 EchoRequest\)$/);
    const all = runCommand(lab, 'node1', 'hubble observe').output;
    expect(all).toMatch(/policy-verdict:none INGRESS DENIED \(ICMPv4 EchoRequest\)/);
  });
});
