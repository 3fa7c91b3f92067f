/**
 * The terminal's repair commands, reached from the read-only commands' files by one routing
 * line each (ip.ts, dispatch.ts `bridge`, iptables.ts, k8s-commands.ts): every function
 * here answers `undefined` for a command that is not a write, so the reader goes on.
 */
import { type CommandResult, notModelled, type Shell } from '../context';
import { kubectlApply, kubectlDelete, kubectlScale } from './api-edits';
import { ipLinkSet } from './ip-link-set';
import { ipRouteEdit, type RouteVerb } from './ip-route-edit';
import { isIptablesWrite, iptablesEdit } from './iptables-edit';
import { editKubeProxyConfigMap, editBuffer, getKubeProxyConfigMap, restartKubeProxy, runsKubeProxy } from './kube-proxy-config';
import { bridgeFdbEdit, type FdbVerb, ipNeighEdit, type NeighVerb } from './neigh-fdb-edit';
import { parseFlags } from '../kubectl';
import type { Lab } from '../../lab-core';

export { rebuildLab, replayEdits } from './replay';

/** iproute2 matches(): the argument is a non-empty prefix of the keyword. */
function matches(arg: string | undefined, word: string): boolean {
  return !!arg && word.startsWith(arg);
}

/** iproute2's verb words, matched by prefix in its own order (ip/iproute.c do_iproute, ipneigh.c do_ipneigh). */
function verbOf<V extends string>(cmd: string | undefined, verbs: readonly (readonly [string, V])[]): V | undefined {
  return verbs.find(([word]) => matches(cmd, word))?.[1];
}

const ROUTE_VERBS = [
  ['add', 'add'],
  ['change', 'change'],
  ['replace', 'replace'],
  ['prepend', 'prepend'],
  ['append', 'append'],
  ['delete', 'del'],
] as const;
const NEIGH_VERBS = [
  ['add', 'add'],
  ['change', 'change'],
  ['replace', 'replace'],
  ['delete', 'del'],
] as const;

/** `ip OBJECT CMD ARGS` writes; `argv` is the line after `ip` (for the record). */
export function ipEditCommand(
  shell: Shell,
  object: string | undefined,
  cmd: string | undefined,
  args: readonly string[],
  argv: readonly string[],
): CommandResult | undefined {
  const full = ['ip', ...argv];
  if (object === 'link' && cmd !== undefined && (matches(cmd, 'set') || matches(cmd, 'change'))) return ipLinkSet(shell, args, full);
  if (object === 'route') {
    const v = verbOf(cmd, ROUTE_VERBS);
    if (v === undefined) return undefined;
    if (v === 'change' || v === 'prepend' || v === 'append') return notModelled(shell, `ip route ${cmd}`);
    return ipRouteEdit(shell, v as RouteVerb, args, full);
  }
  if (object === 'neighbour' || object === 'neighbor') {
    const v = verbOf(cmd, NEIGH_VERBS);
    return v === undefined ? undefined : ipNeighEdit(shell, v as NeighVerb, args, full);
  }
  return undefined;
}

const FDB_VERBS = [
  ['add', 'add'],
  ['append', 'append'],
  ['replace', 'replace'],
  ['delete', 'del'],
] as const;

/** `bridge fdb add|append|replace|del …` (also in a pod: the kernel answers there, not podpath). */
export function bridgeEditCommand(shell: Shell, argv: readonly string[]): CommandResult | undefined {
  const [object, cmd, ...args] = argv;
  if (!object || !matches(object, 'fdb')) return undefined;
  const v = verbOf(cmd, FDB_VERBS);
  return v === undefined ? undefined : bridgeFdbEdit(shell, v as FdbVerb, args, ['bridge', ...argv]);
}

/** `iptables -I|-A|-D …` */
export function iptablesEditCommand(shell: Shell, argv: readonly string[]): CommandResult | undefined {
  return isIptablesWrite(argv) ? iptablesEdit(shell, argv, ['iptables', ...argv]) : undefined;
}

const CONFIGMAP = ['configmap', 'configmaps', 'cm'];
const DAEMONSET = ['daemonset', 'daemonsets', 'ds', 'daemonset.apps', 'daemonsets.apps'];

/** `[kind] name` or `kind/name` */
function objectRef(args: readonly string[]): { kind?: string; name?: string } {
  if (args.length === 1 && args[0].includes('/')) {
    const [kind, name] = args[0].split('/');
    return { kind, name };
  }
  return { kind: args[0], name: args[1] };
}

/** kubectl verbs that write, and the one read they need (`get cm kube-proxy -o yaml`); `argv` is the line after `kubectl`. */
export function kubectlEditCommand(shell: Shell, verb: string | undefined, rest: readonly string[], argv: readonly string[]): CommandResult | undefined {
  const full = ['kubectl', ...argv];
  if (verb === 'apply') return kubectlApply(shell, rest, full);
  if (verb === 'delete') return kubectlDelete(shell, rest, full);
  if (verb === 'scale') return kubectlScale(shell, rest);
  const f = parseFlags(rest);
  const ref = objectRef(f.args);
  const kubeProxyCm = ref.kind !== undefined && CONFIGMAP.includes(ref.kind) && ref.name === 'kube-proxy' && f.namespace === 'kube-system';
  if (verb === 'get' && kubeProxyCm && f.output === 'yaml' && f.args.length <= 2) return getKubeProxyConfigMap(shell);
  if (verb === 'edit') {
    if (kubeProxyCm && !f.unknown) return editKubeProxyConfigMap(shell, full);
    return notModelled(shell, `kubectl edit ${f.args.join(' ')}`);
  }
  if (verb === 'rollout') {
    const [sub, ...more] = f.args;
    const target = objectRef(more);
    if (sub === 'restart' && target.kind !== undefined && DAEMONSET.includes(target.kind) && target.name === 'kube-proxy' && f.namespace === 'kube-system')
      return restartKubeProxy(shell);
    return notModelled(shell, `kubectl rollout ${f.args.join(' ')}`);
  }
  return undefined;
}

/**
 * For the terminal's editor: the text `kubectl edit` opens for this line, or undefined when the
 * line is not an edit the lab models (the terminal then runs it as it is).
 */
export function editorTextFor(lab: Lab, argv: readonly string[]): string | undefined {
  const words = argv[0] === 'sudo' ? argv.slice(1) : argv;
  if (words[0] !== 'kubectl') return undefined;
  const f = parseFlags(words.slice(1));
  if (f.args[0] !== 'edit') return undefined;
  const ref = objectRef(f.args.slice(1));
  if (ref.kind === undefined || !CONFIGMAP.includes(ref.kind) || ref.name !== 'kube-proxy' || f.namespace !== 'kube-system' || !runsKubeProxy(lab))
    return undefined;
  return editBuffer(lab);
}

export const REPAIR_USAGE = {
  ip: 'ip link set [dev] NAME mtu N|up|down | ip route add|del|replace PREFIX [via GW] [dev D] [src S] [metric N] [mtu N] [onlink] | ip neigh add|del|replace ADDR lladdr MAC dev D [nud permanent|reachable]',
  bridge: 'bridge fdb add|append|replace|del MAC dev VXLAN-DEV dst IP self permanent',
  iptables: 'iptables [-t TABLE] -I CHAIN [N] RULE | -A CHAIN RULE | -D CHAIN RULE|N',
  kubectl:
    'kubectl apply -f - | kubectl delete svc|endpointslice|netpol NAME | kubectl scale deployment coredns --replicas=N -n kube-system | kubectl -n kube-system edit cm kube-proxy | kubectl -n kube-system rollout restart ds kube-proxy',
} as const;

export const REPAIR_WORDS = {
  ip: ['set', 'mtu', 'up', 'down', 'add', 'del', 'replace', 'via', 'src', 'metric', 'onlink', 'lladdr', 'nud', 'permanent', 'reachable'],
  bridge: ['add', 'append', 'replace', 'del', 'dst', 'self', 'permanent'],
  iptables: ['-I', '-A', '-D', '-p', '-s', '-d', '-i', '-o', '-j', '--dport', '--sport', 'ACCEPT', 'DROP', 'REJECT', 'RETURN'],
  kubectl: [
    'apply',
    '-f',
    'delete',
    'scale',
    '--replicas',
    'deployment',
    'edit',
    'configmap',
    'kube-proxy',
    'rollout',
    'restart',
    'daemonset',
    'networkpolicy',
    'endpointslice',
    '-o',
    'yaml',
  ],
} as const;
