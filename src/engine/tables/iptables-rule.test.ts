import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatProbability, formatRule, listModule, listTarget, probabilityValue, quoteComment } from './iptables-rule';
import { parseRuleArgs } from './iptables-parse';
import { splitWords } from './iptables-restore';

/** Parses an iptables-save `-A CHAIN …` line and prints it back. */
function roundTrip(line: string): string {
  const words = splitWords(line)!;
  const r = parseRuleArgs(words.slice(2));
  if (!r.ok) throw new Error(`${line}: ${r.error}`);
  return formatRule(words[1], r.rule);
}

// REFERENCE.md §2.5 (kube-proxy's nat table for prod/web) and §2.1/§2.6 rules, as iptables-save prints them
const REFERENCE_RULES = [
  '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
  '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  '-A KUBE-SEP-ZCFFF5JOCFCA73JH -s 10.244.1.5/32 -m comment --comment "prod/web:http" -j KUBE-MARK-MASQ',
  '-A KUBE-SEP-ZCFFF5JOCFCA73JH -p tcp -m comment --comment "prod/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080',
  '-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "prod/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-I6F7J7E256H6PY43',
  '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  '-A KUBE-SVC-I6F7J7E256H6PY43 ! -s 10.244.0.0/16 -d 10.96.45.12/32 -p tcp -m comment --comment "prod/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
  '-A KUBE-SVC-I6F7J7E256H6PY43 -m comment --comment "prod/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-ZCFFF5JOCFCA73JH',
  '-A KUBE-SVC-I6F7J7E256H6PY43 -m comment --comment "prod/web:http -> 10.244.2.7:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-QB4ZII5YUCNXPGDC',
  '-A KUBE-SVC-I6F7J7E256H6PY43 -m comment --comment "prod/web:http -> 10.244.3.9:8080" -j KUBE-SEP-5JH2A3VJTJ2JZJCU',
  '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
  '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
  '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
  '-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m comment --comment "prod/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
  '-A KUBE-SVC-X -m comment --comment "ns/svc:p -> 10.0.1.1:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource -j KUBE-SEP-X',
  '-A KUBE-SEP-X -p tcp -m comment --comment "ns/svc:p" -m recent --set --name KUBE-SEP-X --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.0.1.1:80',
  '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
  '-A INPUT -p udp -m udp --dport 8472 -j DROP',
  '-A X -s 10.244.0.0/16 -o eth0 -j SNAT --to-source 192.168.1.10',
];

describe('iptables rules: parse and print (iptables-save form)', () => {
  it.each(REFERENCE_RULES)('round-trips %s', (line) => {
    expect(roundTrip(line)).toBe(line);
  });

  it('normalises what kube-proxy writes to what iptables-save prints', () => {
    // kube-proxy writes --or-mark / --xor-mark and puts -m before -d/-p; iptables-save stores and prints the canonical form
    expect(roundTrip('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000')).toBe('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    expect(roundTrip('-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000')).toBe('-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0');
    expect(roundTrip('-A KUBE-SERVICES -m comment --comment "a b" -m tcp -p tcp -d 10.96.0.1 --dport 443 -j ACCEPT')).toBe(
      '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "a b" -m tcp --dport 443 -j ACCEPT',
    );
    expect(roundTrip('-A INPUT -p udp --dport 53 -j DROP')).toBe('-A INPUT -p udp -m udp --dport 53 -j DROP');
    expect(roundTrip('-A F -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT')).toBe('-A F -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    expect(roundTrip('-A S -m statistic --mode random --probability 0.3333333333 -j X')).toBe(
      '-A S -m statistic --mode random --probability 0.33333333349 -j X',
    );
  });

  it('reports what it cannot read, in iptables words', () => {
    expect(parseRuleArgs(['-p', 'gre', '-j', 'DROP'])).toEqual({ ok: false, error: 'unknown protocol "gre" specified' });
    expect(parseRuleArgs(['-m', 'frobnicate', '-j', 'DROP'])).toMatchObject({ ok: false, error: expect.stringContaining("Couldn't load match `frobnicate'") });
    expect(parseRuleArgs(['-s', '10.0.0.300', '-j', 'DROP'])).toMatchObject({ ok: false });
    expect(parseRuleArgs(['-j', 'DNAT', '--to-destination', 'nope'])).toMatchObject({ ok: false });
    expect(parseRuleArgs(['-d', '10.0.0.1'])).toMatchObject({ ok: false, error: expect.stringContaining('no target') });
  });
});

describe('statistic probabilities (REFERENCE.md §2.3)', () => {
  it.each([
    [2, '0.50000000000'],
    [3, '0.33333333349'],
    [4, '0.25000000000'],
    [5, '0.20000000019'],
    [6, '0.16666666651'],
    [7, '0.14285714272'],
    [8, '0.12500000000'],
    [9, '0.11111111101'],
    [10, '0.10000000009'],
  ])('1/%i written as %%0.10f prints %s', (n, printed) => {
    expect(formatProbability(probabilityValue(Number((1 / n).toFixed(10))))).toBe(printed);
  });

  it('prints what it stores: parse(print(v)) = v for every stored value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x80000000 }), (v) => {
        expect(probabilityValue(Number(formatProbability(v)))).toBe(v);
      }),
    );
  });
});

describe('iptables -L forms (libxt print hooks)', () => {
  it('prints matches and targets as iptables 1.8 does', () => {
    expect(listModule({ m: 'comment', comment: 'default/web:http cluster IP' })).toBe(' /* default/web:http cluster IP */');
    expect(listModule({ m: 'tcp', dport: 80 })).toBe(' tcp dpt:80');
    expect(listModule({ m: 'tcp' })).toBe(' tcp');
    expect(listModule({ m: 'mark', value: 0x4000, mask: 0x4000, invert: true })).toBe(' mark match ! 0x4000/0x4000');
    expect(listModule({ m: 'conntrack', ctstate: ['ESTABLISHED', 'RELATED'] })).toBe(' ctstate RELATED,ESTABLISHED');
    expect(listModule({ m: 'addrtype', dstType: 'LOCAL' })).toBe(' ADDRTYPE match dst-type LOCAL');
    expect(listModule({ m: 'statistic', probability: probabilityValue(0.3333333333) })).toBe(' statistic mode random probability 0.33333333349');
    expect(listModule({ m: 'recent', name: 'KUBE-SEP-X', op: 'rcheck', seconds: 10800, reap: true, mask: '255.255.255.255', side: 'source' })).toBe(
      ' recent: CHECK seconds: 10800 reap name: KUBE-SEP-X side: source mask: 255.255.255.255',
    );
    expect(listModule({ m: 'set', set: 'KUBE-CLUSTER-IP', dirs: ['dst', 'dst'] })).toBe(' match-set KUBE-CLUSTER-IP dst,dst');
    expect(listTarget({ kind: 'MARK', value: 0x4000, mask: 0x4000 })).toBe(' MARK or 0x4000');
    expect(listTarget({ kind: 'MARK', value: 0x4000, mask: 0 })).toBe(' MARK xor 0x4000');
    expect(listTarget({ kind: 'DNAT', to: '10.244.1.5', port: 8080 })).toBe(' to:10.244.1.5:8080');
    expect(listTarget({ kind: 'MASQUERADE', randomFully: true })).toBe(' random-fully');
  });

  it('quotes a comment unless it is only [A-Za-z0-9_-] (xtables_save_string)', () => {
    expect(quoteComment('default/demo')).toBe('"default/demo"');
    expect(quoteComment('kube-proxy')).toBe('kube-proxy');
    expect(quoteComment('say "hi"')).toBe('"say \\"hi\\""');
  });
});
