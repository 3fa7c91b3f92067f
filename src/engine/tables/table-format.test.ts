import { describe, expect, it } from 'vitest';
import type { Rule } from '../model/datapath';
import { parseCidr } from '../wire/ipv4';
import { formatFdb, formatNeigh, formatRule, quoteComment } from './table-format';

describe('formatNeigh (ip neigh)', () => {
  it('prints the oracle and REFERENCE §6.2 rows', () => {
    const n = { ip: '10.244.2.0', dev: 'flannel.1', mac: '02:f1:00:00:02:00', state: 'PERMANENT' } as const;
    // kernel oracle modes/vxlan node1_neigh (`ip neigh show dev flannel.1`), without iproute2's trailing space
    expect(formatNeigh(n, { showDev: false })).toBe('10.244.2.0 lladdr 02:f1:00:00:02:00 PERMANENT');
    expect(formatNeigh(n)).toBe('10.244.2.0 dev flannel.1 lladdr 02:f1:00:00:02:00 PERMANENT');
  });

  it('prints no lladdr for entries that never resolved', () => {
    expect(formatNeigh({ ip: '192.168.50.254', dev: 'eth0', state: 'FAILED' })).toBe('192.168.50.254 dev eth0 FAILED');
    expect(formatNeigh({ ip: '10.244.1.9', dev: 'cni0', mac: '00:00:00:00:00:00', state: 'INCOMPLETE' })).toBe('10.244.1.9 dev cni0 INCOMPLETE');
  });
});

describe('formatFdb (bridge fdb show)', () => {
  it('prints a VXLAN entry as the oracle and REFERENCE §6.2 do', () => {
    const e = { mac: '02:f1:00:00:02:00', dev: 'flannel.1', dst: '192.168.50.2', self: true, permanent: true };
    expect(formatFdb(e, { showDev: false })).toBe('02:f1:00:00:02:00 dst 192.168.50.2 self permanent');
    expect(formatFdb(e)).toBe('02:f1:00:00:02:00 dev flannel.1 dst 192.168.50.2 self permanent');
  });

  it("prints a bridge port's own address and a learned address (state printed as nothing)", () => {
    expect(formatFdb({ mac: 'be:74:31:36:83:47', dev: 'vethb6743d19', master: 'cni0', permanent: true })).toBe(
      'be:74:31:36:83:47 dev vethb6743d19 master cni0 permanent',
    );
    expect(formatFdb({ mac: '8e:c2:72:f1:5b:ca', dev: 'vethb6743d19', master: 'cni0', permanent: false })).toBe(
      '8e:c2:72:f1:5b:ca dev vethb6743d19 master cni0',
    );
  });
});

describe('formatRule (iptables-save)', () => {
  const c = parseCidr;
  it('prints the kube-proxy rules of REFERENCE.md §2.5 in iptables-save order', () => {
    const svc: Rule = {
      match: { dst: c('10.96.45.12/32'), proto: 'tcp', comment: 'prod/web:http cluster IP', dport: 80 },
      target: { kind: 'JUMP', chain: 'KUBE-SVC-I6F7J7E256H6PY43' },
    };
    expect(formatRule('KUBE-SERVICES', svc)).toBe(
      '-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "prod/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-I6F7J7E256H6PY43',
    );
    const masq: Rule = {
      match: { notSrc: c('10.244.0.0/16'), dst: c('10.96.45.12/32'), proto: 'tcp', comment: 'prod/web:http cluster IP', dport: 80 },
      target: { kind: 'JUMP', chain: 'KUBE-MARK-MASQ' },
    };
    expect(formatRule('KUBE-SVC-I6F7J7E256H6PY43', masq)).toBe(
      '-A KUBE-SVC-I6F7J7E256H6PY43 ! -s 10.244.0.0/16 -d 10.96.45.12/32 -p tcp -m comment --comment "prod/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    );
    const hairpin: Rule = { match: { src: c('10.244.1.5/32'), comment: 'prod/web:http' }, target: { kind: 'JUMP', chain: 'KUBE-MARK-MASQ' } };
    expect(formatRule('KUBE-SEP-ZCFFF5JOCFCA73JH', hairpin)).toBe(
      '-A KUBE-SEP-ZCFFF5JOCFCA73JH -s 10.244.1.5/32 -m comment --comment "prod/web:http" -j KUBE-MARK-MASQ',
    );
    const snat: Rule = { match: { comment: 'kubernetes service traffic requiring SNAT' }, target: { kind: 'MASQUERADE' } };
    expect(formatRule('KUBE-POSTROUTING', snat)).toBe('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE');
  });

  it('prints REJECT, DNAT, SNAT and a plain port match', () => {
    const reject: Rule = {
      match: { dst: c('10.96.12.34/32'), proto: 'tcp', comment: 'prod/empty:http has no endpoints', dport: 80 },
      target: { kind: 'REJECT', with: 'icmp-port-unreachable' },
    };
    expect(formatRule('KUBE-SERVICES', reject)).toBe(
      '-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m comment --comment "prod/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(formatRule('X', { match: { proto: 'tcp' }, target: { kind: 'DNAT', to: '10.244.1.5', port: 8080 } })).toBe(
      '-A X -p tcp -j DNAT --to-destination 10.244.1.5:8080',
    );
    expect(formatRule('X', { match: { src: c('10.244.0.0/16'), outIface: 'eth0' }, target: { kind: 'SNAT', to: '192.168.1.10' } })).toBe(
      '-A X -s 10.244.0.0/16 -o eth0 -j SNAT --to-source 192.168.1.10',
    );
    // the `block` fault: iptables -I INPUT -p udp --dport 8472 -j DROP
    expect(formatRule('INPUT', { match: { proto: 'udp', dport: 8472 }, target: { kind: 'DROP' } })).toBe('-A INPUT -p udp -m udp --dport 8472 -j DROP');
    expect(formatRule('INPUT', { match: { proto: 'icmp' }, target: { kind: 'DROP' } })).toBe('-A INPUT -p icmp -j DROP');
  });

  it('always quotes a comment and escapes quotes in it', () => {
    expect(quoteComment('default/demo')).toBe('"default/demo"');
    expect(quoteComment('say "hi"')).toBe('"say \\"hi\\""');
  });
});
