/**
 * flanneld's masquerade and forward rules (flannel-io/flannel pkg/trafficmngr/iptables
 * MasqRules / ForwardRules, ipMasq: true in kube-flannel.yml): pods keep their addresses inside
 * the cluster network and are masqueraded behind the node's address when they leave it. The
 * first FLANNEL-POSTRTG rule leaves packets kube-proxy marked for masquerade (0x4000) to
 * kube-proxy's own MASQUERADE ("avoid double NAT").
 */
import type { Chain, MatchModule, Netfilter, Rule } from '../../model/datapath';
import { parseCidr, type Cidr } from '../../wire/ipv4';

const MASQ = 'flanneld masq';
const comment = (text: string): MatchModule => ({ m: 'comment', comment: text });
const FWD = 'flanneld forward';

/** flanneld's rules: FLANNEL-FWD always (--iptables-forward-rules, default on), FLANNEL-POSTRTG with --ip-masq. */
export function flannelNetfilter(base: Netfilter, network: Cidr, nodeSubnet: Cidr, ipMasq = true): Netfilter {
  const multicast = parseCidr('224.0.0.0/4');
  const masq = [comment(MASQ)];
  const postrtg: Rule[] = [
    { match: { modules: [{ m: 'mark', value: 0x4000, mask: 0x4000 }, ...masq] }, target: { kind: 'RETURN' } },
    { match: { src: nodeSubnet, dst: network, modules: masq }, target: { kind: 'RETURN' } },
    { match: { src: network, dst: nodeSubnet, modules: masq }, target: { kind: 'RETURN' } },
    { match: { notSrc: network, dst: nodeSubnet, modules: masq }, target: { kind: 'RETURN' } },
    { match: { src: network, notDst: multicast, modules: masq }, target: { kind: 'MASQUERADE', randomFully: true } },
    { match: { notSrc: network, dst: network, modules: masq }, target: { kind: 'MASQUERADE', randomFully: true } },
  ];
  const fwd: Rule[] = [
    { match: { src: network, modules: [comment(FWD)] }, target: { kind: 'ACCEPT' } },
    { match: { dst: network, modules: [comment(FWD)] }, target: { kind: 'ACCEPT' } },
  ];
  const nat = base.nat ?? {};
  const filter = base.filter ?? {};
  const post = nat.POSTROUTING;
  const forward = filter.FORWARD;
  const withJump = (c: Chain, target: string, text: string): Chain => ({
    ...c,
    rules: [...c.rules, { match: { modules: [{ m: 'comment', comment: text }] }, target: { kind: 'JUMP', chain: target } }],
  });
  return {
    ...base,
    nat: ipMasq ? { ...nat, POSTROUTING: withJump(post, 'FLANNEL-POSTRTG', MASQ), 'FLANNEL-POSTRTG': { name: 'FLANNEL-POSTRTG', rules: postrtg } } : nat,
    filter: { ...filter, FORWARD: withJump(forward, 'FLANNEL-FWD', 'flanneld forward'), 'FLANNEL-FWD': { name: 'FLANNEL-FWD', rules: fwd } },
  };
}
