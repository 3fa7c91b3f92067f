import { describe, expect, it } from 'vitest';
import type { Chain, Netfilter, Rule } from '../model/datapath';
import { parseCidr } from '../wire/ipv4';
import { runCommand } from './dispatch';
import { iptablesList, iptablesSave, orderedChains } from './iptables';
import { oracleLab } from './test-helpers';

const c = parseCidr;
const chain = (name: string, rules: Rule[], policy?: 'ACCEPT'): Chain => ({ name, rules, ...(policy ? { policy } : {}) });
const jump = (to: string): Rule['target'] => ({ kind: 'JUMP', chain: to });

/** The representable part of the kernel oracle's `iptables-save -t nat` on node1 (clusterip section). */
const ORACLE_NAT: Netfilter = {
  nat: {
    'KUBE-SVC-DEMO0000000000000': chain('KUBE-SVC-DEMO0000000000000', [
      {
        match: { notSrc: c('10.244.0.0/16'), dst: c('10.96.0.100/32'), proto: 'tcp', comment: 'default/demo cluster IP', dport: 80 },
        target: jump('KUBE-MARK-MASQ'),
      },
      { match: { comment: 'default/demo -> 10.244.2.2:8080' }, target: jump('KUBE-SEP-PODC00000000000000') },
    ]),
    POSTROUTING: chain('POSTROUTING', [{ match: { comment: 'kubernetes postrouting rules' }, target: jump('KUBE-POSTROUTING') }], 'ACCEPT'),
    'KUBE-SERVICES': chain('KUBE-SERVICES', [
      { match: { dst: c('10.96.0.100/32'), proto: 'tcp', comment: 'default/demo cluster IP', dport: 80 }, target: jump('KUBE-SVC-DEMO0000000000000') },
    ]),
    'KUBE-SEP-PODC00000000000000': chain('KUBE-SEP-PODC00000000000000', [
      { match: { src: c('10.244.2.2/32'), comment: 'default/demo' }, target: jump('KUBE-MARK-MASQ') },
    ]),
    'KUBE-SEP-PODB00000000000000': chain('KUBE-SEP-PODB00000000000000', [
      { match: { src: c('10.244.1.3/32'), comment: 'default/demo' }, target: jump('KUBE-MARK-MASQ') },
    ]),
    'KUBE-POSTROUTING': chain('KUBE-POSTROUTING', [{ match: { comment: 'kubernetes service traffic requiring SNAT' }, target: { kind: 'MASQUERADE' } }]),
    'KUBE-MARK-MASQ': chain('KUBE-MARK-MASQ', []),
    OUTPUT: chain('OUTPUT', [{ match: { comment: 'kubernetes service portals' }, target: jump('KUBE-SERVICES') }], 'ACCEPT'),
    INPUT: chain('INPUT', [], 'ACCEPT'),
    PREROUTING: chain('PREROUTING', [{ match: { comment: 'kubernetes service portals' }, target: jump('KUBE-SERVICES') }], 'ACCEPT'),
  },
};

describe('iptables-save', () => {
  it("reproduces the oracle's nat dump: built-ins in hook order, user chains sorted, rules grouped in that order", () => {
    // kernel oracle clusterip.node1_iptables_save_nat, minus the lines the rule model cannot hold
    // (MARK / mark / statistic matches and the bare `-m tcp` of the DNAT rules).
    const oracle = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-SEP-PODB00000000000000 - [0:0]',
      ':KUBE-SEP-PODC00000000000000 - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-SVC-DEMO0000000000000 - [0:0]',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
      '-A KUBE-SEP-PODB00000000000000 -s 10.244.1.3/32 -m comment --comment "default/demo" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-PODC00000000000000 -s 10.244.2.2/32 -m comment --comment "default/demo" -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -d 10.96.0.100/32 -p tcp -m comment --comment "default/demo cluster IP" -m tcp --dport 80 -j KUBE-SVC-DEMO0000000000000',
      '-A KUBE-SVC-DEMO0000000000000 ! -s 10.244.0.0/16 -d 10.96.0.100/32 -p tcp -m comment --comment "default/demo cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-DEMO0000000000000 -m comment --comment "default/demo -> 10.244.2.2:8080" -j KUBE-SEP-PODC00000000000000',
      'COMMIT',
    ];
    expect(iptablesSave(ORACLE_NAT)).toEqual(oracle);
    expect(iptablesSave(ORACLE_NAT, 'filter')).toEqual([]);
  });

  it('dumps filter before nat for a node, with the fault rule in place', () => {
    const lab = oracleLab({ faults: '[{ type: block, node: node2, protocol: udp, port: 8472 }]' });
    const r = runCommand(lab, 'node2', 'iptables-save');
    expect(r.exitCode).toBe(0);
    expect(r.output.split('\n')).toEqual([
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':FLANNEL-FWD - [0:0]',
      '-A INPUT -p udp -m udp --dport 8472 -j DROP',
      '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
      '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      'COMMIT',
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':FLANNEL-POSTRTG - [0:0]',
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
      '-A FLANNEL-POSTRTG -s 10.244.2.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.2.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.2.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
      'COMMIT',
    ]);
    expect(runCommand(lab, 'node2', 'iptables-save -t nat').output.split('\n')[0]).toBe('*nat');
    expect(runCommand(lab, 'node2', 'iptables-save -t bogus').exitCode).toBe(1);
  });
});

describe('iptables -L / -S', () => {
  const nat = ORACLE_NAT.nat!;
  const all = orderedChains('nat', nat);

  it('lays out a user chain like iptables 1.8 (-n)', () => {
    const out = iptablesList([nat['KUBE-SERVICES']], all, { numeric: true, verbose: false, lineNumbers: false });
    expect(out).toEqual([
      'Chain KUBE-SERVICES (2 references)',
      'target     prot opt source               destination         ',
      'KUBE-SVC-DEMO0000000000000  tcp  --  0.0.0.0/0            10.96.0.100          /* default/demo cluster IP */ tcp dpt:80',
    ]);
  });

  it('adds counters and interfaces with -v, and says anywhere without -n', () => {
    const out = iptablesList([nat.POSTROUTING], all, { numeric: false, verbose: true, lineNumbers: true });
    expect(out).toEqual([
      'Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)',
      'num   pkts bytes target     prot opt in     out     source               destination         ',
      '1        0     0 KUBE-POSTROUTING  all  --  *      *       anywhere             anywhere             /* kubernetes postrouting rules */',
    ]);
  });

  it('runs on a node only, lists -S, and rejects an unknown chain', () => {
    const lab = oracleLab({ faults: '[{ type: block, node: node2, protocol: udp, port: 8472 }]' });
    expect(runCommand(lab, 'node2', 'iptables -S INPUT').output).toBe('-P INPUT ACCEPT\n-A INPUT -p udp -m udp --dport 8472 -j DROP');
    expect(runCommand(lab, 'node2', 'iptables -nvL INPUT').output.split('\n')[2]).toBe(
      '    0     0 DROP       udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:8472',
    );
    expect(runCommand(lab, 'node2', 'iptables -L NOPE')).toMatchObject({ exitCode: 1, output: 'iptables: No chain/target/match by that name.' });
    expect(runCommand(lab, 'pod-a', 'iptables -L').exitCode).toBe(1);
    expect(runCommand(lab, 'pod-a', 'iptables -L').output).toMatch(/^podpath: iptables runs on a node/);
    expect(runCommand(lab, 'node1', 'iptables -A INPUT -j DROP').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'iptables').exitCode).toBe(2);
  });
});
