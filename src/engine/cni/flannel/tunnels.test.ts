import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labFromObject, runProbe, type Lab } from '../../lab';
import { runCommand } from '../../cli/dispatch';
import { formatRoute } from '../../tables/route';
import { cidrString } from '../../wire/ipv4';
import { wgKeyPair } from './wg-keys';

function lab(mode: string, extra: Record<string, unknown> = {}, nicMtu?: number): Lab {
  const r = labFromObject({
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name: `flannel-${mode}` },
    cluster: {
      cni: 'flannel',
      mode,
      nodes: [
        { name: 'node1', ip: '192.168.1.10', ...(nicMtu ? { mtu: nicMtu } : {}) },
        { name: 'node2', ip: '192.168.1.11', ...(nicMtu ? { mtu: nicMtu } : {}) },
      ],
      pods: [
        { name: 'a', node: 'node1', ports: [8080] },
        { name: 'b', node: 'node1' },
        { name: 'c', node: 'node2', ports: [8080] },
      ],
      ...extra,
    },
    probes: [],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

const ping = (l: Lab, to: string, size = 56, df = false) => runProbe(l, { from: 'a', to, protocol: 'icmp', size, df }).trace;

describe('flannel ipip programming', () => {
  const c = lab('ipip').cluster;
  const node1 = c.netns.node1;
  it('creates flannel.ipip (local node IP, ttl inherit, nopmtudisc, NIC − 20, <subnet>.0/32) beside a DOWN tunl0', () => {
    const dev = node1.interfaces.find((d) => d.name === 'flannel.ipip')!;
    expect(dev).toMatchObject({ kind: 'ipip', mtu: 1480, up: true, addrs: [{ ip: '10.244.1.0', prefix: 32 }] });
    expect(dev.ipip).toEqual({ local: '192.168.1.10', ttl: 0, pmtudisc: false });
    expect(node1.interfaces.find((d) => d.name === 'tunl0')).toMatchObject({ kind: 'ipip', up: false });
  });
  it('routes each remote subnet via the node IP, onlink, and gives cni0 and the pods 1480', () => {
    expect(node1.routes.map(formatRoute)).toContain('10.244.2.0/24 via 192.168.1.11 dev flannel.ipip onlink');
    expect(node1.interfaces.find((d) => d.name === 'cni0')!.mtu).toBe(1480);
    expect(c.netns['pod:default/a'].interfaces.find((d) => d.name === 'eth0')!.mtu).toBe(1480);
  });
});

describe('flannel wireguard programming', () => {
  const c = lab('wireguard').cluster;
  const node1 = c.netns.node1;
  it('creates flannel-wg (NIC − 80, port 51820, <subnet>.0/32) with one peer per remote node', () => {
    const dev = node1.interfaces.find((d) => d.name === 'flannel-wg')!;
    expect(dev).toMatchObject({ kind: 'wireguard', mtu: 1420, addrs: [{ ip: '10.244.1.0', prefix: 32 }] });
    expect(dev.wireguard!.listenPort).toBe(51820);
    expect(dev.wireguard!.publicKey).toBe(wgKeyPair('node1').publicKey);
    expect(dev.wireguard!.peers.map((p) => [p.publicKey, p.endpoint, p.allowedIps.map(cidrString)])).toEqual([
      [wgKeyPair('node2').publicKey, { ip: '192.168.1.11', port: 51820 }, ['10.244.2.0/24']],
    ]);
    expect(node1.sockets).toContainEqual({ proto: 'udp', port: 51820, owner: 'wireguard flannel-wg', app: 'wireguard' });
  });
  it('has one route for the whole network, not one per node', () => {
    const wgRoutes = node1.routes.filter((r) => r.dev === 'flannel-wg').map(formatRoute);
    expect(wgRoutes).toEqual(['10.244.0.0/16 dev flannel-wg scope link']);
  });
  it('keys are 32 bytes in base64 and differ per node', () => {
    const k = wgKeyPair('node1');
    expect(k.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(k.privateKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(wgKeyPair('node2').publicKey).not.toBe(k.publicKey);
  });
});

describe.each([
  ['ipip', 1480, 'ipip'],
  ['wireguard', 1420, 'wireguard'],
] as const)('flannel %s datapath', (mode, podMtu, tunnel) => {
  const l = lab(mode);
  it('same node: no tunnel, reply TTL 64', () => {
    const t = ping(l, 'b');
    expect(t.verdict).toBe('delivered');
    expect(t.replyTtl).toBe(64);
    expect(t.hops.some((h) => h.tunnel)).toBe(false);
  });
  it('cross node: through the tunnel both ways, reply TTL 62', () => {
    const t = ping(l, 'c');
    expect(t.verdict).toBe('delivered');
    expect(t.replyTtl).toBe(62);
    expect(t.hops.filter((h) => h.tunnel?.kind === tunnel).map((h) => h.tunnel!.edge)).toEqual(['start', 'end', 'start', 'end']);
  });
  it(`the largest DF ping (${podMtu - 28} bytes) crosses; one byte more is refused by the pod's own stack (mtu ${podMtu})`, () => {
    expect(ping(l, 'c', podMtu - 28, true).verdict).toBe('delivered');
    const t = ping(l, 'c', podMtu - 27, true);
    expect(t.verdict).toBe('rejected');
    expect(t.localError).toBe('EMSGSIZE');
  });
  it('TCP crosses', () => {
    expect(runProbe(l, { from: 'a', to: 'c:8080', protocol: 'tcp', size: 512 }).trace.verdict).toBe('delivered');
  });
});

describe('flannel wireguard cryptokey routing', () => {
  it('a host ping into the network where no lease is: ICMP host unreachable and ENOKEY (wg_xmit)', () => {
    const t = runProbe(lab('wireguard'), { from: 'node1', to: '10.244.99.5', protocol: 'icmp', size: 56 }).trace;
    expect(t.verdict).toBe('rejected');
    expect(t.hops.map((h) => h.note).join('\n')).toMatch(/no peer's allowed IPs hold 10.244.99.5/);
  });
  it('outer IPv4 of a full-size inner packet is 1480 bytes on a 1500 underlay (80 reserves an IPv6 header)', () => {
    const t = ping(lab('wireguard'), 'c', 1392, true);
    const outer = t.hops.find((h) => h.tunnel?.kind === 'wireguard' && h.tunnel.edge === 'start');
    expect(outer?.note).toMatch(/\+60 bytes/);
  });
});

describe('wg show', () => {
  const l = lab('wireguard');
  it('pretty-prints the device and its peers as wireguard-tools does', () => {
    const out = runCommand(l, 'node1', 'wg show').output;
    expect(out.split('\n')).toEqual([
      'interface: flannel-wg',
      `  public key: ${wgKeyPair('node1').publicKey}`,
      '  private key: (hidden)',
      '  listening port: 51820',
      '',
      `peer: ${wgKeyPair('node2').publicKey}`,
      '  endpoint: 192.168.1.11:51820',
      '  allowed ips: 10.244.2.0/24',
    ]);
    expect(runCommand(l, 'node1', 'wg').output).toBe(out);
  });
  it('dump and the one-field forms are tab separated', () => {
    expect(runCommand(l, 'node1', 'wg show flannel-wg dump').output.split('\n')[1]).toBe(
      `${wgKeyPair('node2').publicKey}\t(none)\t192.168.1.11:51820\t10.244.2.0/24\t0\t0\t0\toff`,
    );
    expect(runCommand(l, 'node1', 'wg show all endpoints').output).toBe(`flannel-wg\t${wgKeyPair('node2').publicKey}\t192.168.1.11:51820`);
    expect(runCommand(l, 'node1', 'wg show interfaces').output).toBe('flannel-wg');
  });
  it('names the errors as wg does', () => {
    expect(runCommand(l, 'node1', 'wg show wg0')).toMatchObject({ output: 'Unable to access interface: No such device', exitCode: 1 });
    expect(runCommand(l, 'node1', 'wg show eth0')).toMatchObject({ output: 'Unable to access interface: Operation not supported', exitCode: 1 });
    expect(runCommand(l, 'node1', 'wg show flannel-wg bogus').output).toMatch(/^Invalid parameter: `bogus'\nUsage: wg show/);
    expect(runCommand(l, 'node1', 'wg set flannel-wg').exitCode).toBe(127);
  });
  it('prints nothing where there is no WireGuard device', () => {
    expect(runCommand(lab('vxlan'), 'node1', 'wg show')).toMatchObject({ output: '', exitCode: 0 });
  });
});

describe('tunnel MTU invariant (property)', () => {
  it('for any NIC MTU the largest DF payload a pod can send crosses, and one byte more never leaves the pod', () => {
    fc.assert(
      fc.property(fc.constantFrom('ipip', 'wireguard'), fc.integer({ min: 576, max: 9001 }), (mode, nic) => {
        const l = lab(mode, {}, nic);
        const podMtu = nic - (mode === 'ipip' ? 20 : 80);
        expect(l.cluster.netns['pod:default/a'].interfaces.find((d) => d.name === 'eth0')!.mtu).toBe(podMtu);
        expect(ping(l, 'c', podMtu - 28, true).verdict).toBe('delivered');
        expect(ping(l, 'c', podMtu - 27, true).localError).toBe('EMSGSIZE');
      }),
      { numRuns: 25 },
    );
  });
});
