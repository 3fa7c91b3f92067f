import { describe, expect, it } from 'vitest';
import { runCommand } from './dispatch';
import { formatDevice, vxlanDetails } from './ip-link';
import { oracleLab } from './test-helpers';

const lab = oracleLab();
const node1 = lab.cluster.netns.node1;
const flannel = node1.interfaces.find((d) => d.name === 'flannel.1')!;

describe('ip -d link show flannel.1', () => {
  it('matches the kernel oracle byte for byte (iproute2 6.1, trailing spaces included)', () => {
    // kernel oracle modes/vxlan node1_flannel.1 (that run's device had ifindex 6 and MAC 02:f1:00:00:01:00)
    const oracle =
      '6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
      '    link/ether 02:f1:00:00:01:00 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n' +
      '    vxlan id 1 local 192.168.50.1 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 ';
    const dev = { ...flannel, ifindex: 6, mac: '02:f1:00:00:01:00' };
    expect(formatDevice(lab.cluster, node1, dev, 'link', { details: true }).join('\n')).toBe(oracle);
  });

  it('prints the REFERENCE §6.2 vxlan options for the lab device', () => {
    const out = runCommand(lab, 'node1', 'ip -d link show flannel.1').output.split('\n');
    expect(out[0]).toBe('4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000');
    expect(out[2]).toMatch(
      /^ {4}vxlan id 1 local 192\.168\.50\.1 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode /,
    );
  });

  it('leaves out `dev` for an unbound device and shows a DF setting', () => {
    const v = { ...flannel, vxlan: { ...flannel.vxlan!, dev: undefined, df: 'set' as const } };
    expect(vxlanDetails(v)).toBe(
      'vxlan id 1 local 192.168.50.1 srcport 0 0 dstport 8472 nolearning ttl auto df set ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx ',
    );
  });
});

describe('ip addr / ip link', () => {
  it("shows a pod's eth0 as eth0@ifN with the host veth's ifindex, and its inet line", () => {
    const podNs = lab.cluster.netns['pod:default/pod-a'];
    const hostVeth = node1.interfaces.find((d) => d.peer?.netns === podNs.id)!;
    const out = runCommand(lab, 'pod-a', 'ip addr').output.split('\n');
    expect(out).toEqual([
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '    inet 127.0.0.1/8 scope host lo',
      '       valid_lft forever preferred_lft forever',
      `2: eth0@if${hostVeth.ifindex}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default `,
      `    link/ether ${podNs.interfaces[1].mac} brd ff:ff:ff:ff:ff:ff link-netnsid 0`,
      '    inet 10.244.1.2/24 brd 10.244.1.255 scope global eth0',
      '       valid_lft forever preferred_lft forever',
    ]);
  });

  it('shows bridge ports with `master cni0`, their peer ifindex, and flannel.1 /32 without brd', () => {
    const out = runCommand(lab, 'node1', 'ip a').output;
    expect(out).toContain('3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000');
    expect(out).toContain('    inet 10.244.1.1/24 brd 10.244.1.255 scope global cni0');
    expect(out).toContain('    inet 10.244.1.0/32 scope global flannel.1');
    expect(out).toContain('    inet 192.168.50.1/24 brd 192.168.50.255 scope global eth0');
    expect(out).toMatch(/^5: veth[0-9a-f]{8}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default $/m);
    expect(out).toMatch(/^6: veth[0-9a-f]{8}@if2: .*\n {4}link\/ether \S+ brd ff:ff:ff:ff:ff:ff link-netnsid 1$/m);
  });

  it('adds `mode DEFAULT` for ip link, filters by device and reports an unknown one', () => {
    expect(runCommand(lab, 'node1', 'ip link show eth0').output).toBe(
      `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n    link/ether ${node1.interfaces[1].mac} brd ff:ff:ff:ff:ff:ff`,
    );
    expect(runCommand(lab, 'node1', 'ip addr show dev cni0').output.split('\n')).toHaveLength(4);
    expect(runCommand(lab, 'node1', 'ip link show nope')).toMatchObject({ output: 'Device "nope" does not exist.', exitCode: 1 });
  });

  it('prints the brief form', () => {
    expect(runCommand(lab, 'pod-a', 'ip -br a').output.split('\n')).toEqual([
      'lo               UNKNOWN        127.0.0.1/8 ',
      'eth0@if5         UP             10.244.1.2/24 ',
    ]);
  });

  it('shows an MTU fault on the device', () => {
    const broken = oracleLab({ faults: '[{ type: mtu, node: node2, device: eth0, mtu: 1400 }]' });
    expect(runCommand(broken, 'node2', 'ip link show eth0').output).toMatch(/^2: eth0: .* mtu 1400 qdisc fq_codel/);
  });
});
