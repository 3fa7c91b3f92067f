import { describe, expect, it } from 'vitest';
import { labFromText } from '../lab';
import { hostsFileFor, hostsFor, hostsLookup } from './hosts';

const r = labFromText(`
apiVersion: podpath/v1
kind: Scenario
metadata: { name: hosts }
cluster:
  nodes: [{ name: node1, ip: 192.168.1.10 }]
  pods:
    - { name: client, node: node1 }
    - { name: web-0, node: node1, hostname: web-0, subdomain: web }
    - { name: agent, node: node1, hostNetwork: true }
`);
if (!r.ok) throw new Error(JSON.stringify(r.errors));
const c = r.lab.cluster;
const pod = (n: string) => c.pods.find((p) => p.name === n)!;

describe("the kubelet's managed /etc/hosts (kubelet_pods.go managedHostsFileContent)", () => {
  it('header, localhost lines, the pod IP with its hostname (FQDN first with a subdomain)', () => {
    expect(hostsFileFor(c, pod('client'))!.lines.slice(0, 3)).toEqual([
      '# Kubernetes-managed hosts file.',
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost\tip6-localhost\tip6-loopback',
    ]);
    expect(hostsFileFor(c, pod('client'))!.lines.at(-1)).toBe(`${pod('client').ip}\tclient`);
    expect(hostsFileFor(c, pod('web-0'))!.lines.at(-1)).toBe(`${pod('web-0').ip}\tweb-0.web.default.svc.cluster.local\tweb-0`);
  });

  it("hostNetwork pods and nodes read the node's own file: not modelled beyond localhost", () => {
    expect(hostsFileFor(c, pod('agent'))).toBeUndefined();
    expect(hostsFor(c, 'node1').entries.map((e) => e.ip)).toEqual(['127.0.0.1', '::1']);
  });

  it('nss_files lookup: case-insensitive, per family, canonical = first name of the first line', () => {
    const f = hostsFor(c, pod('web-0').netns);
    expect(hostsLookup(f, 'WEB-0')).toEqual({ canonical: 'web-0.web.default.svc.cluster.local', aliases: ['web-0'], addresses: [pod('web-0').ip] });
    expect(hostsLookup(f, 'web-0', 6)).toBeUndefined();
    expect(hostsLookup(f, 'localhost')?.addresses).toEqual(['127.0.0.1', '::1']);
    expect(hostsLookup(f, 'localhost', 6)).toEqual({ canonical: 'localhost', aliases: ['ip6-localhost', 'ip6-loopback'], addresses: ['::1'] });
    expect(hostsLookup(f, 'client')).toBeUndefined();
    expect(hostsLookup(f, 'web-0.')).toBeUndefined();
  });
});
