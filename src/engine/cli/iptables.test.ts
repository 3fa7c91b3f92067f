import { describe, expect, it } from 'vitest';
import type { Chain, Netfilter, Rule } from '../model/datapath';
import { iptablesRestore } from '../tables/iptables-restore';
import { runCommand } from './dispatch';
import { iptablesList, iptablesSave, orderedChains } from './iptables';
import { oracleLab } from './test-helpers';

const chain = (name: string, rules: Rule[], policy?: 'ACCEPT'): Chain => ({ name, rules, ...(policy ? { policy } : {}) });

/** The kernel oracle's clusterip section: what run.sh feeds `iptables-restore --noflush` on node1 … */
const ORACLE_RESTORE = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-DEMO0000000000000 - [0:0]
:KUBE-SEP-PODB00000000000000 - [0:0]
:KUBE-SEP-PODC00000000000000 - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SERVICES -d 10.96.0.100/32 -p tcp -m comment --comment "default/demo cluster IP" -m tcp --dport 80 -j KUBE-SVC-DEMO0000000000000
-A KUBE-SVC-DEMO0000000000000 ! -s 10.244.0.0/16 -d 10.96.0.100/32 -p tcp -m comment --comment "default/demo cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-DEMO0000000000000 -m comment --comment "default/demo -> 10.244.1.3:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-PODB00000000000000
-A KUBE-SVC-DEMO0000000000000 -m comment --comment "default/demo -> 10.244.2.2:8080" -j KUBE-SEP-PODC00000000000000
-A KUBE-SEP-PODB00000000000000 -s 10.244.1.3/32 -m comment --comment "default/demo" -j KUBE-MARK-MASQ
-A KUBE-SEP-PODB00000000000000 -p tcp -m comment --comment "default/demo" -m tcp -j DNAT --to-destination 10.244.1.3:8080
-A KUBE-SEP-PODC00000000000000 -s 10.244.2.2/32 -m comment --comment "default/demo" -j KUBE-MARK-MASQ
-A KUBE-SEP-PODC00000000000000 -p tcp -m comment --comment "default/demo" -m tcp -j DNAT --to-destination 10.244.2.2:8080
COMMIT
`;
/** … and what `iptables-save -t nat | grep -v '^#'` printed afterwards (results-default.json clusterip.node1_iptables_save_nat). */
const ORACLE_DUMP =
  '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-MARK-MASQ - [0:0]\n:KUBE-POSTROUTING - [0:0]\n:KUBE-SEP-PODB00000000000000 - [0:0]\n:KUBE-SEP-PODC00000000000000 - [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-SVC-DEMO0000000000000 - [0:0]\n-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0\n-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE\n-A KUBE-SEP-PODB00000000000000 -s 10.244.1.3/32 -m comment --comment "default/demo" -j KUBE-MARK-MASQ\n-A KUBE-SEP-PODB00000000000000 -p tcp -m comment --comment "default/demo" -m tcp -j DNAT --to-destination 10.244.1.3:8080\n-A KUBE-SEP-PODC00000000000000 -s 10.244.2.2/32 -m comment --comment "default/demo" -j KUBE-MARK-MASQ\n-A KUBE-SEP-PODC00000000000000 -p tcp -m comment --comment "default/demo" -m tcp -j DNAT --to-destination 10.244.2.2:8080\n-A KUBE-SERVICES -d 10.96.0.100/32 -p tcp -m comment --comment "default/demo cluster IP" -m tcp --dport 80 -j KUBE-SVC-DEMO0000000000000\n-A KUBE-SVC-DEMO0000000000000 ! -s 10.244.0.0/16 -d 10.96.0.100/32 -p tcp -m comment --comment "default/demo cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ\n-A KUBE-SVC-DEMO0000000000000 -m comment --comment "default/demo -> 10.244.1.3:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-PODB00000000000000\n-A KUBE-SVC-DEMO0000000000000 -m comment --comment "default/demo -> 10.244.2.2:8080" -j KUBE-SEP-PODC00000000000000\nCOMMIT';

function restored(): Netfilter {
  const base: Netfilter = {
    nat: {
      PREROUTING: chain('PREROUTING', [], 'ACCEPT'),
      INPUT: chain('INPUT', [], 'ACCEPT'),
      OUTPUT: chain('OUTPUT', [], 'ACCEPT'),
      POSTROUTING: chain('POSTROUTING', [], 'ACCEPT'),
    },
  };
  const r = iptablesRestore(base, ORACLE_RESTORE);
  if (!r.ok) throw new Error(r.error);
  return r.netfilter;
}
const ORACLE_NAT = restored();

describe('iptables-save', () => {
  it("reproduces the oracle's nat dump: built-ins in hook order, user chains sorted, rules grouped in that order", () => {
    expect(iptablesSave(ORACLE_NAT)).toEqual(ORACLE_DUMP.split('\n'));
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
    expect(iptablesSave(ORACLE_NAT).filter((l) => oracle.includes(l))).toEqual(oracle);
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
      '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN',
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
      // without -n the interface columns say `any` (xshared.c print_ifaces: "*" only with FMT_NUMERIC)
      '1        0     0 KUBE-POSTROUTING  all  --  any    any     anywhere             anywhere             /* kubernetes postrouting rules */',
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
    // (-I/-A/-D are repairs now: cli/repair; -N is not modelled)
    expect(runCommand(lab, 'node1', 'iptables -N MYCHAIN').exitCode).toBe(127);
    expect(runCommand(lab, 'node1', 'iptables').exitCode).toBe(2);
  });
});
