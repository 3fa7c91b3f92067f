import { describe, expect, it } from 'vitest';
import { labFromText } from '../lab';
import { runCommand } from './dispatch';
import { dnsLab } from './dns-test-helpers';
import { oracleLab } from './test-helpers';

describe('cat /etc/resolv.conf (kubelet GetPodDNS, containerd parseDNSOptions order)', () => {
  const lab = dnsLab();

  it('ClusterFirst: the namespace search list, kube-dns, ndots:5 — no comments, no blank line', () => {
    expect(runCommand(lab, 'client', 'cat /etc/resolv.conf')).toMatchObject({
      exitCode: 0,
      output: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5',
    });
    expect(runCommand(lab, 'prod/web-0', 'cat /etc/resolv.conf').output.split('\n')[0]).toBe('search prod.svc.cluster.local svc.cluster.local cluster.local');
  });

  it("a node's own file; dnsPolicy Default inherits it; dnsConfig adds searches and options", () => {
    const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: rc }
cluster:
  dns: { hostSearch: [ec2.internal] }
  nodes: [{ name: node1, ip: 192.168.1.10 }]
  pods:
    - { name: inherit, node: node1, dnsPolicy: Default }
    - { name: tuned, node: node1, dnsConfig: { searches: [corp.example], options: [{ name: ndots, value: '2' }, { name: edns0 }] } }
`);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(runCommand(r.lab, 'node1', 'cat /etc/resolv.conf').output).toBe('search ec2.internal\nnameserver 192.168.1.1');
    expect(runCommand(r.lab, 'inherit', 'cat /etc/resolv.conf').output).toBe('search ec2.internal\nnameserver 192.168.1.1');
    expect(runCommand(r.lab, 'tuned', 'cat /etc/resolv.conf').output.split('\n')).toEqual([
      'search default.svc.cluster.local svc.cluster.local cluster.local ec2.internal corp.example',
      'nameserver 10.96.0.10',
      'options ndots:2 edns0',
    ]);
  });
});

describe('cat /etc/hosts (kubelet managedHostsFileContent)', () => {
  const lab = dnsLab();

  it("the managed file: localhost lines, then the pod's IP and hostname", () => {
    expect(runCommand(lab, 'client', 'cat /etc/hosts').output.split('\n')).toEqual([
      '# Kubernetes-managed hosts file.',
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost\tip6-localhost\tip6-loopback',
      'fe00::0\tip6-localnet',
      'fe00::0\tip6-mcastprefix',
      'fe00::1\tip6-allnodes',
      'fe00::2\tip6-allrouters',
      '10.244.1.2\tclient',
    ]);
  });

  it('hostname + subdomain: the FQDN first, then the short name', () => {
    expect(runCommand(lab, 'prod/web-0', 'cat /etc/hosts').output.split('\n').pop()).toBe('10.244.1.4\tweb-0.web-hl.prod.svc.cluster.local\tweb-0');
  });

  it("a node's hosts file and any other path are not modelled", () => {
    expect(runCommand(lab, 'node1', 'cat /etc/hosts')).toMatchObject({
      exitCode: 127,
      output: 'podpath: "cat /etc/hosts on a node" is not modelled yet in this lab',
    });
    expect(runCommand(lab, 'client', 'cat /etc/passwd').exitCode).toBe(127);
    expect(runCommand(lab, 'client', 'cat').exitCode).toBe(127);
  });

  it('concatenates several files, as cat does', () => {
    expect(runCommand(lab, 'client', 'cat /etc/resolv.conf /etc/hosts').output.split('\n')).toHaveLength(3 + 8);
  });
});

describe('cat /etc/coredns/Corefile', () => {
  it('shows the coredns ConfigMap in a CoreDNS pod (REFERENCE.md §4.4), nowhere else', () => {
    const lab = oracleLab();
    const pod = lab.cluster.pods.find((p) => p.labels['k8s-app'] === 'kube-dns')!;
    const out = runCommand(lab, `kube-system/${pod.name}`, 'cat /etc/coredns/Corefile').output.split('\n');
    expect(out[0]).toBe('.:53 {');
    expect(out).toContain('    kubernetes cluster.local in-addr.arpa ip6.arpa {');
    expect(out).toContain('    forward . /etc/resolv.conf');
    expect(runCommand(lab, 'pod-a', 'cat /etc/coredns/Corefile').exitCode).toBe(127);
  });
});
