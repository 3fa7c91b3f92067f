/**
 * kube-proxy's IPVS mode through the walk (LNX ip_vs_core.c, ip_vs_xmit.c; kube-proxy-nft-ipvs.md
 * §2.4–2.6): scheduling at LOCAL_IN, VS/NAT out through LOCAL_OUT, replies translated back at
 * FORWARD, the schedulers across probes, CoreDNS behind an IPVS VIP, no real servers (ICMP port
 * unreachable from ip_vs_leave), KUBE-IPVS-FILTER against ping, NodePorts, the node's own
 * clients and hairpin traffic, persistence, and ICMP errors about a real server's port.
 */
import { describe, expect, it } from 'vitest';
import { runProbe, type Lab } from '../lab';
import type { IpvsConn } from '../model/kernel-state';
import type { ProbeSpec } from '../model/scenario-schema';
import { ipvsLab } from '../services/ipvs-test-helpers';
import type { Hop, Trace } from '../model/trace';

function send(l: Lab, p: Partial<ProbeSpec> & { to: string }) {
  return runProbe(l, { from: 'client', protocol: 'http', timeout: 2, ...p } as ProbeSpec);
}

const ipvsHops = (t: Trace): Hop[] => t.hops.filter((h) => h.decided?.table === 'ipvs');
const seen = (t: Trace) => /client=(\S+):\d+/.exec(t.http?.body ?? '')?.[1];

describe('pod → ClusterIP through IPVS', () => {
  const lab = ipvsLab({ mode: 'vxlan' });
  const { trace, lab: after } = send(lab, { to: '10.96.45.12:80' });

  it('is delivered by a real server, the one the rr scheduler picks first (the list head)', () => {
    expect(trace).toMatchObject({ verdict: 'delivered', backend: '10.244.3.9:8080' });
    // no SNAT for a pod client: the real server sees the pod itself
    expect(seen(trace)).toBe(lab.cluster.pods.find((p) => p.name === 'client')!.ip);
  });

  it('shows the IPVS rewrite at node-a INPUT and the reply un-NAT at FORWARD', () => {
    const [sched, unnat] = ipvsHops(trace);
    expect(sched).toMatchObject({ node: 'node-a', kind: 'nat', dir: 'request', device: 'cni0' });
    expect(sched.rewrite).toMatchObject({ before: { dst: '10.96.45.12', dport: 80 }, after: { dst: '10.244.3.9', dport: 8080 } });
    expect(sched.decided!.row).toBe('  -> 10.244.3.9:8080              Masq    1      1          0         ');
    expect(sched.decided!.path).toEqual(['TCP  10.96.45.12:80 rr', sched.decided!.row]);
    expect(sched.note).toMatch(/IPVS INPUT: TCP {2}10\.96\.45\.12:80 rr schedules the new connection to 10\.244\.3\.9:8080/);
    // ip_vs_nat_xmit decrements the TTL before the packet leaves through LOCAL_OUT
    expect(sched.headers.find((h) => h.kind === 'ipv4')).toMatchObject({ ttl: 63 });
    expect(unnat).toMatchObject({ node: 'node-a', kind: 'nat', dir: 'reply' });
    expect(unnat.rewrite).toMatchObject({ before: { src: '10.244.3.9', sport: 8080 }, after: { src: '10.96.45.12', sport: 80 } });
    // the SYN-ACK leaves the connection in SYN_RECV (60 s) — ipvsadm -Lnc's row
    expect(unnat.decided!.row).toMatch(/^TCP 01:00 {2}SYN_RECV {4}10\.244\.1\.\d+:\d+ +10\.96\.45\.12:80 +10\.244\.3\.9:8080$/);
  });

  it('points the conntrack reply tuple at the real server without a DNAT binding (ip_vs_update_conntrack)', () => {
    expect(ipvsHops(trace)[0].conntrack).toMatch(/dst=10\.96\.45\.12 sport=\d+ dport=80 \[UNREPLIED\] src=10\.244\.3\.9 dst=10\.244\.1\.\d+ sport=8080/);
    const entry = after.kernel.conntrack['node-a'].find((e) => e.orig.dst === '10.96.45.12')!;
    expect(entry).toMatchObject({ dstNat: false, srcNat: false, reply: { src: '10.244.3.9', sport: 8080 } });
  });

  it('remembers the connection until it closes: later segments follow it, TIME_WAIT counts as InActConn', () => {
    const conns = after.kernel.ipvsConns['node-a'].filter((c) => c.vip.ip === '10.96.45.12');
    expect(conns).toHaveLength(1);
    expect(conns[0]).toMatchObject({ dest: { ip: '10.244.3.9', port: 8080 }, state: 'TIME_WAIT', active: false });
    expect(
      ipvsHops(trace)
        .filter((h) => h.dir === 'request')
        .every((h) => h.rewrite?.after.dst === '10.244.3.9'),
    ).toBe(true);
  });

  it('spreads new connections round robin, in the kernel’s dest order', () => {
    let l = lab;
    const backends: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = send(l, { to: '10.96.45.12:80', protocol: 'tcp' });
      l = r.lab;
      backends.push(r.trace.backend ?? 'none');
    }
    expect(backends).toEqual(['10.244.3.9:8080', '10.244.2.7:8080', '10.244.1.5:8080', '10.244.3.9:8080', '10.244.2.7:8080', '10.244.1.5:8080']);
  });

  it('resolves web.prod.svc.cluster.local through CoreDNS behind the kube-dns VIP, then connects', () => {
    const t = send(lab, { to: 'web.prod.svc.cluster.local:80' }).trace;
    expect(t).toMatchObject({ verdict: 'delivered', target: { ip: '10.96.45.12', how: 'dns' } });
    // ndots:5 tries the search list first (NXDOMAIN), every query through IPVS
    const q = t.lookup!.queries.find((x) => x.rcode === 'NOERROR')!;
    expect(q).toMatchObject({ name: 'web.prod.svc.cluster.local.', server: '10.96.0.10' });
    expect(t.lookup!.queries.every((x) => x.hops.some((h) => h.decided?.table === 'ipvs'))).toBe(true);
    const dns = q.hops.find((h) => h.decided?.table === 'ipvs')!;
    expect(dns.decided!.path![0]).toBe('UDP  10.96.0.10:53 rr');
    expect(dns.rewrite!.after.dport).toBe(53);
  });
});

describe('what IPVS refuses', () => {
  const lab = ipvsLab({ mode: 'vxlan' });

  it('answers a Service without endpoints at once with ICMP port unreachable (ip_vs_leave), TCP or not', () => {
    const t = send(lab, { to: '10.96.100.20:80', timeout: 10 }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE', icmp: { type: 3, code: 3, from: '10.96.100.20' } });
    expect(t.elapsed).toBeLessThan(1);
    const leave = t.hops.find((h) => h.kind === 'drop' && h.decided?.table === 'ipvs')!;
    expect(leave.decided!.row).toBe('TCP  10.96.100.20:80 rr');
    // KUBE-IPVS-FILTER lets it through: 10.96.100.20,tcp:80 is in KUBE-CLUSTER-IP
    expect(t.hops.some((h) => h.kind === 'filter')).toBe(false);
    // the node's own client is refused the same way
    expect(runProbe(lab, { from: 'node-a', to: '10.96.100.20:80', protocol: 'tcp', timeout: 2 }).trace).toMatchObject({
      verdict: 'rejected',
      reason: 'PORT_UNREACHABLE',
    });
  });

  it('rejects a ping to a ClusterIP: KUBE-IPVS-FILTER, not a special case (kubernetes#72236)', () => {
    for (const from of ['client', 'node-a']) {
      const t = runProbe(lab, { from, to: '10.96.45.12', protocol: 'icmp', timeout: 1 }).trace;
      expect(t, from).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE', icmp: { from: '10.96.45.12' } });
      const f = t.hops.find((h) => h.kind === 'filter')!;
      expect(f.decided!.row).toBe(
        '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable',
      );
    }
    // a port the Service does not have is refused by the same rule
    expect(send(lab, { to: '10.96.45.12:81', protocol: 'tcp' }).trace).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE' });
  });

  it('drops a packet whose real server is gone and expires the connection (expire_nodest_conn=1)', () => {
    const client = lab.cluster.pods.find((p) => p.name === 'client')!.ip!;
    const stale: IpvsConn = {
      proto: 'tcp',
      client: { ip: client, port: lab.kernel.ephemeralPort + 1 },
      vip: { ip: '10.96.45.12', port: 80 },
      dest: { ip: '10.244.9.9', port: 8080 },
      expires: 900_000,
      active: true,
      state: 'ESTABLISHED',
    };
    const l: Lab = { ...lab, kernel: { ...lab.kernel, ipvsConns: { 'node-a': [stale] } } };
    const r = send(l, { to: '10.96.45.12:80', protocol: 'tcp' });
    expect(r.trace.verdict).toBe('dropped');
    expect(r.trace.hops.find((h) => h.kind === 'drop')!.note).toMatch(/real server 10\.244\.9\.9:8080 of this connection is gone/);
    expect(r.lab.kernel.ipvsConns['node-a'].some((c) => c.dest.ip === '10.244.9.9')).toBe(false);
  });

  it('translates an ICMP error from a real server back to the VIP (ip_vs_out_icmp)', () => {
    const l = ipvsLab({
      mode: 'vxlan',
      services: '    - { name: udp, namespace: prod, clusterIP: 10.96.5.5, selector: { app: web }, ports: [{ protocol: UDP, port: 5000, targetPort: 5000 }] }',
    });
    const t = send(l, { to: '10.96.5.5:5000', protocol: 'udp' }).trace;
    expect(t).toMatchObject({ verdict: 'rejected', reason: 'PORT_UNREACHABLE', icmp: { from: '10.96.5.5' } });
    expect(ipvsHops(t).find((h) => h.dir === 'error')!.note).toMatch(
      /an ICMP error of .* via real server 10\.244\.3\.9:5000: source 10\.244\.3\.9 → 10\.96\.5\.5/,
    );
  });
});

describe('NodePorts, the node’s own clients and hairpin', () => {
  const lab = ipvsLab({ mode: 'vxlan' });

  it('serves a NodePort to an outside host; eTP Cluster masquerades (KUBE-NODE-PORT-TCP), eTP Local keeps the client', () => {
    const cluster = runProbe(lab, { from: 'outside', to: '192.168.1.10:30080', protocol: 'http', timeout: 2 }).trace;
    expect(cluster).toMatchObject({ verdict: 'delivered', backend: '10.244.2.7:8080' });
    expect(seen(cluster)).toBe('10.244.1.0'); // masqueraded to flannel.1 on the way to node-b
    const [sched, unnat] = ipvsHops(cluster);
    expect(sched.rewrite).toMatchObject({ before: { dst: '192.168.1.10', dport: 30080 }, after: { dst: '10.244.2.7', dport: 8080 } });
    expect(unnat.rewrite).toMatchObject({ before: { src: '10.244.2.7', sport: 8080 }, after: { src: '192.168.1.10', sport: 30080 } });
    const local = runProbe(lab, { from: 'external', to: '192.168.1.10:30081', protocol: 'http', timeout: 2 }).trace;
    expect(local).toMatchObject({ verdict: 'delivered', backend: '10.244.1.5:8080' });
    expect(seen(local)).toBe('203.0.113.10');
    expect(runProbe(lab, { from: 'api.github.com', to: '192.168.1.11:30080', protocol: 'http', timeout: 2 }).trace).toMatchObject({ verdict: 'delivered' });
  });

  it('serves the node’s own client: source is the VIP (local route), masqueraded by KUBE-SERVICES ! -s clusterCIDR', () => {
    const t = runProbe(lab, { from: 'node-a', to: '10.96.45.12:80', protocol: 'http', timeout: 2 }).trace;
    expect(t).toMatchObject({ verdict: 'delivered', backend: '10.244.3.9:8080' });
    expect(ipvsHops(t)[0].rewrite!.before.src).toBe('10.96.45.12');
    expect(ipvsHops(t)[0].note).toMatch(/IPVS OUTPUT/);
    expect(seen(t)).toBe('10.244.1.0');
  });

  it('masquerades a pod that the VIP sends back to itself (KUBE-LOOP-BACK)', () => {
    let l = lab;
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = runProbe(l, { from: 'prod/web-a', to: '10.96.45.12:80', protocol: 'http', timeout: 2 });
      l = r.lab;
      if (r.trace.backend === '10.244.1.5:8080') bodies.push(seen(r.trace)!);
    }
    expect(bodies).toEqual(['10.244.1.1']);
  });

  it('serves an external IP bound to kube-ipvs0; KUBE-EXTERNAL-IP marks it for masquerade', () => {
    const l = ipvsLab({
      mode: 'vxlan',
      services:
        '    - { name: ext, namespace: prod, clusterIP: 10.96.7.7, externalIPs: [198.51.100.7], selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }',
    });
    const t = send(l, { to: '198.51.100.7:80' }).trace;
    expect(t).toMatchObject({ verdict: 'delivered', backend: '10.244.3.9:8080' });
    expect(ipvsHops(t)[0].decided!.path![0]).toBe('TCP  198.51.100.7:80 rr');
    expect(seen(t)).toBe('10.244.1.0');
  });

  it('reaches a hostNetwork real server on the node itself (default/kubernetes → the API server)', () => {
    expect(send(lab, { to: '10.96.0.1:443', protocol: 'tcp' }).trace).toMatchObject({ verdict: 'delivered', backend: '192.168.1.10:6443' });
  });
});

describe('schedulers and persistence across probes', () => {
  it('lc sends a new connection to the dest with the fewest connections', () => {
    let l = ipvsLab({ mode: 'vxlan', scheduler: 'lc' });
    const backends: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = send(l, { to: '10.96.45.12:80' });
      l = r.lab;
      backends.push(r.trace.backend!);
    }
    // TIME_WAIT connections are inactive (overhead 1): each dest gets one before any gets a second
    expect(new Set(backends).size).toBe(3);
  });

  it('sh keeps a client on the dest its address hashes to', () => {
    let l = ipvsLab({ mode: 'vxlan', scheduler: 'sh' });
    const backends = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = send(l, { to: '10.96.45.12:80' });
      l = r.lab;
      backends.add(r.trace.backend!);
    }
    expect(backends.size).toBe(1);
  });

  it('ClientIP affinity makes the service persistent: a template keeps the client on one dest', () => {
    let l = ipvsLab({
      mode: 'vxlan',
      services:
        '    - { name: sticky, namespace: prod, clusterIP: 10.96.8.8, sessionAffinity: ClientIP, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }',
    });
    const backends = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = send(l, { to: '10.96.8.8:80' });
      l = r.lab;
      backends.add(r.trace.backend!);
    }
    expect(backends.size).toBe(1);
    const template = l.kernel.ipvsConns['node-a'].find((c) => c.vip.ip === '10.96.8.8' && c.client.port === 0)!;
    expect(template).toMatchObject({ state: 'NONE', dest: { ip: [...backends][0].split(':')[0] } });
    expect(template.expires - l.kernel.now).toBeGreaterThan(10_790_000);
  });
});
