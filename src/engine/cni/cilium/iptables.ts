/**
 * The filter rules cilium-agent installs for legacy host routing (pkg/datapath/iptables
 * installForwardChainRules; as `iptables-save` shows them on a node): CILIUM_FORWARD accepts
 * what goes to or comes from cilium_host, lxc+ and cilium_net, fed from the top of FORWARD.
 * The agent prepends its feeder (--prepend-iptables-chains defaults to true) and re-asserts it,
 * so it stays ahead of kube-proxy's KUBE-FORWARD — whose `--ctstate INVALID -j DROP` would
 * otherwise drop a SYN-ACK that reaches the stack from the tunnel before conntrack saw its SYN.
 */
import type { Chain, Netns, Rule } from '../../model/datapath';

const comment = (text: string) => ({ m: 'comment' as const, comment: text });
const accept = (dir: 'inIface' | 'outIface', dev: string, text: string): Rule => ({
  match: { [dir]: dev, modules: [comment(text)] },
  target: { kind: 'ACCEPT' },
});

const CILIUM_FORWARD: Chain = {
  name: 'CILIUM_FORWARD',
  rules: [
    accept('outIface', 'cilium_host', 'cilium: any->cluster on cilium_host forward accept'),
    accept('inIface', 'cilium_host', 'cilium: cluster->any on cilium_host forward accept (nodeport)'),
    accept('inIface', 'lxc+', 'cilium: cluster->any on lxc+ forward accept'),
    accept('inIface', 'cilium_net', 'cilium: cluster->any on cilium_net forward accept (nodeport)'),
  ],
};

const FEEDER = 'cilium-feeder: CILIUM_FORWARD';
const isFeeder = (r: Rule) => r.target.kind === 'JUMP' && r.target.chain === 'CILIUM_FORWARD';

/** CILIUM_FORWARD, and its feeder first in FORWARD (idempotent: the agent's reconcile). */
export function ciliumForwardRules(ns: Netns): Netns {
  const filter = ns.netfilter.filter ?? {};
  const fwd = filter.FORWARD ?? { name: 'FORWARD', policy: 'ACCEPT' as const, rules: [] };
  const feeder: Rule = { match: { modules: [comment(FEEDER)] }, target: { kind: 'JUMP', chain: 'CILIUM_FORWARD' } };
  if (fwd.rules[0] && isFeeder(fwd.rules[0]) && filter.CILIUM_FORWARD) return ns;
  return {
    ...ns,
    netfilter: {
      ...ns.netfilter,
      filter: { ...filter, FORWARD: { ...fwd, rules: [feeder, ...fwd.rules.filter((r) => !isFeeder(r))] }, CILIUM_FORWARD },
    },
  };
}
