/**
 * Terminal commands of Cilium, on a node (cilium-dbg runs in the node's agent pod; `kubectl -n
 * kube-system exec ds/cilium -- cilium-dbg …` lands there), all from the agent's maps and the
 * datapath's monitor ring in the lab's kernel state:
 *
 *   cilium-dbg status                      the agent's summary (incl. KubeProxyReplacement)
 *   cilium-dbg service list                the load balancer's frontends and backends
 *   cilium-dbg endpoint list               the node's endpoints, identities, enforcement
 *   cilium-dbg bpf lb list                 cilium_lb4_services_v2, slot by slot
 *   cilium-dbg bpf ipcache list            cilium_ipcache_v2
 *   cilium-dbg bpf endpoint list           cilium_lxc
 *   hubble observe [--last N] [--print-node-name] [--verdict V] [--pod [NS/]POD]
 *                                          the flows of the probes so far, compact format
 *
 * Anything else answers through notModelled. On a cluster without Cilium the commands do not exist.
 */
import { EVENTS } from '../cni/cilium/maps';
import { flowsOf, formatFlow, type FlowEvent } from '../cni/cilium/monitor';
import { LAB_EPOCH_S } from '../model/lab-clock';
import { bpfEndpointList, bpfIpcacheList, bpfLbList, endpointList, serviceList, statusLines } from './cilium-format';
import { type CommandResult, done, nodeOnly, notModelled, type Shell } from './context';
import type { CommandGroup } from './registry';

function noCilium(shell: Shell, cmd: string): CommandResult | undefined {
  if (shell.lab.cluster.cni !== 'cilium') return done(shell, `bash: ${cmd}: command not found`, 127);
  if (shell.netns.kind !== 'node') return nodeOnly(shell, cmd);
  return undefined;
}

function allFlows(shell: Shell): FlowEvent[] {
  const bpf = shell.lab.kernel.bpf ?? {};
  return shell.lab.cluster.nodes.flatMap((n) => flowsOf(bpf[n.netns]?.[EVENTS])).sort((a, b) => a.t - b.t);
}

function ciliumDbg(shell: Shell, argv: readonly string[]): CommandResult {
  const refused = noCilium(shell, 'cilium-dbg');
  if (refused) return refused;
  const c = shell.lab.cluster;
  const ns = shell.netns;
  const line = argv.join(' ');
  switch (line) {
    case 'status': {
      const flows = flowsOf(shell.lab.kernel.bpf?.[ns.id]?.[EVENTS]).length;
      return done(shell, statusLines(c, ns, { flows, nowMs: shell.lab.kernel.now }));
    }
    case 'service list':
      return done(shell, serviceList(ns));
    case 'endpoint list':
      return done(shell, endpointList(c, ns));
    case 'bpf lb list':
      return done(shell, bpfLbList(ns));
    case 'bpf ipcache list':
      return done(shell, bpfIpcacheList(ns));
    case 'bpf endpoint list':
      return done(shell, bpfEndpointList(c, ns));
    default:
      return notModelled(shell, `cilium-dbg ${line}`);
  }
}

function hubble(shell: Shell, argv: readonly string[]): CommandResult {
  const refused = noCilium(shell, 'hubble');
  if (refused) return refused;
  if (argv[0] !== 'observe') return notModelled(shell, `hubble ${argv.join(' ')}`);
  // hubble observe without --follow prints the last 20 flows (observe.go: --last default 20 when not following)
  let last = 20;
  let printNode = false;
  let verdict: string | undefined;
  let pod: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--last' || a === '-n') last = Number(argv[++i]);
    else if (a === '--print-node-name') printNode = true;
    else if (a === '--verdict') verdict = argv[++i];
    else if (a === '--pod') pod = argv[++i];
    else if (a === '--all') last = Infinity;
    else return notModelled(shell, `hubble observe ${a}`);
    if (Number.isNaN(last)) return notModelled(shell, `hubble observe --last ${argv[i]}`);
  }
  const podName = pod && !pod.includes('/') ? `default/${pod}` : pod;
  const flows = allFlows(shell).filter(
    (f) => (!verdict || f.verdict === verdict.toUpperCase()) && (!podName || [f.src, f.dst].some((h) => h === podName || h.startsWith(`${podName}:`))),
  );
  return done(
    shell,
    flows.slice(Math.max(0, flows.length - last)).map((f) => formatFlow(f, LAB_EPOCH_S, printNode)),
  );
}

export const CILIUM_COMMANDS: CommandGroup = {
  'cilium-dbg': {
    run: ciliumDbg,
    usage: 'cilium-dbg status | service list | endpoint list | bpf lb list | bpf ipcache list | bpf endpoint list',
    what: "the Cilium agent's view: status, load balancer, endpoints and BPF maps (node only)",
    words: ['status', 'service', 'endpoint', 'bpf', 'list', 'lb', 'ipcache'],
  },
  hubble: {
    run: hubble,
    usage: 'hubble observe [--last N] [--print-node-name] [--verdict V] [--pod [NS/]POD]',
    what: 'the flows Cilium saw during the probes so far, in hubble’s compact format',
    words: ['observe', '--last', '--print-node-name', '--verdict', '--pod'],
  },
};
