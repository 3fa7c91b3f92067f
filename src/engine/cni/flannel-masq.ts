/**
 * flanneld's masquerade and forward rules (flannel-io/flannel pkg/trafficmngr/iptables
 * MasqRules / ForwardRules, ipMasq: true in kube-flannel.yml): pods keep their addresses inside
 * the cluster network and are masqueraded behind the node's address when they leave it.
 * Not modelled: the first FLANNEL-POSTRTG rule (`-m mark --mark 0x4000/0x4000 -j RETURN`,
 * kube-proxy's mark) — the rule model has no mark match yet.
 */
import type { Chain, Netfilter, Rule } from '../model/datapath';
import { parseCidr, type Cidr } from '../wire/ipv4';

const MASQ = 'flanneld masq';
const FWD = 'flanneld forward';

export function flannelNetfilter(base: Netfilter, network: Cidr, nodeSubnet: Cidr): Netfilter {
  const multicast = parseCidr('224.0.0.0/4');
  const postrtg: Rule[] = [
    { match: { src: nodeSubnet, dst: network, comment: MASQ }, target: { kind: 'RETURN' } },
    { match: { src: network, dst: nodeSubnet, comment: MASQ }, target: { kind: 'RETURN' } },
    { match: { notSrc: network, dst: nodeSubnet, comment: MASQ }, target: { kind: 'RETURN' } },
    { match: { src: network, notDst: multicast, comment: MASQ }, target: { kind: 'MASQUERADE', randomFully: true } },
    { match: { notSrc: network, dst: network, comment: MASQ }, target: { kind: 'MASQUERADE', randomFully: true } },
  ];
  const fwd: Rule[] = [
    { match: { src: network, comment: FWD }, target: { kind: 'ACCEPT' } },
    { match: { dst: network, comment: FWD }, target: { kind: 'ACCEPT' } },
  ];
  const nat = base.nat ?? {};
  const filter = base.filter ?? {};
  const post = nat.POSTROUTING;
  const forward = filter.FORWARD;
  const withJump = (c: Chain, target: string, comment: string): Chain => ({
    ...c,
    rules: [...c.rules, { match: { comment }, target: { kind: 'JUMP', chain: target } }],
  });
  return {
    ...base,
    nat: { ...nat, POSTROUTING: withJump(post, 'FLANNEL-POSTRTG', MASQ), 'FLANNEL-POSTRTG': { name: 'FLANNEL-POSTRTG', rules: postrtg } },
    filter: { ...filter, FORWARD: withJump(forward, 'FLANNEL-FWD', 'flanneld forward'), 'FLANNEL-FWD': { name: 'FLANNEL-FWD', rules: fwd } },
  };
}
