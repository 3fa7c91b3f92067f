/**
 * Where a command runs: a terminal on a node (its root network namespace) or inside a pod.
 * Every command module receives a Shell and returns a CommandResult; commands that send
 * packets return the next Lab (what the kernels learned) and the traces they produced.
 */
import type { Lab } from '../lab';
import type { Netns, PodInfo } from '../model/datapath';
import type { Trace } from '../model/trace';

export interface Shell {
  readonly lab: Lab;
  /** the network namespace the command sees (a hostNetwork pod sees its node's) */
  readonly netns: Netns;
  readonly kind: 'node' | 'pod';
  /** what the prompt would say: `node1`, `default/client` */
  readonly label: string;
  /** the probe `from` that names this place (SCENARIOS.md endpoint syntax) */
  readonly from: string;
  readonly pod?: PodInfo;
  /** what the command reads on standard input (a heredoc, `kubectl apply -f -`, the text `kubectl edit` saved) */
  readonly stdin?: string;
}

export interface CommandResult {
  readonly lab: Lab;
  /** stdout and stderr as the terminal shows them, lines joined by `\n`, no final newline */
  readonly output: string;
  readonly exitCode: number;
  readonly traces: readonly Trace[];
}

export function done(shell: Shell, lines: readonly string[] | string, exitCode = 0): CommandResult {
  return { lab: shell.lab, output: typeof lines === 'string' ? lines : lines.join('\n'), exitCode, traces: [] };
}

export type ShellResult = { readonly ok: true; readonly shell: Shell } | { readonly ok: false; readonly error: string };

/** Resolves `node1`, `client` or `default/client` to a Shell. */
export function openShell(lab: Lab, where: string): ShellResult {
  const c = lab.cluster;
  const [ns, name] = where.includes('/') ? where.split('/', 2) : [undefined, where];
  const pods = c.pods.filter((p) => p.name === name && (ns === undefined || p.namespace === ns));
  const node = ns === undefined ? c.nodes.find((n) => n.name === where) : undefined;
  if (node && pods.length === 0) {
    const netns = c.netns[node.netns];
    if (netns) return { ok: true, shell: { lab, netns, kind: 'node', label: node.name, from: node.name } };
  }
  if (pods.length > 1)
    return { ok: false, error: `"${where}" names pods in several namespaces (${pods.map((p) => p.namespace).join(', ')}): write namespace/name` };
  const pod = pods[0];
  if (!pod) return { ok: false, error: `"${where}" is not a node or pod in this lab` };
  const label = `${pod.namespace}/${pod.name}`;
  const netns = c.netns[pod.netns];
  if (!netns || pod.status !== 'Running') {
    return {
      ok: false,
      error: `pod ${label} is ${pod.status}${pod.statusReason ? ` (${pod.statusReason})` : ''}: it has no running container to open a shell in`,
    };
  }
  return { ok: true, shell: { lab, netns, kind: 'pod', label, from: label, pod } };
}

// The lab's own voice: anything the lab does not model says so plainly (exit 127, like a
// shell's "command not found") instead of printing invented output.

export const NOT_MODELLED_EXIT = 127;

export function notModelled(shell: Shell, what: string): CommandResult {
  return done(shell, `podpath: "${what}" is not modelled yet in this lab`, NOT_MODELLED_EXIT);
}

export function nodeOnly(shell: Shell, command: string): CommandResult {
  return done(
    shell,
    `podpath: ${command} runs on a node in this lab (a pod has its own network namespace and no NET_ADMIN); open a terminal on node ${shell.netns.node}`,
    1,
  );
}

/** A usage error of one of the modelled tools, with the tool's own prefix. */
export function usage(shell: Shell, tool: string, message: string, exitCode = 2): CommandResult {
  return done(shell, `${tool}: ${message}`, exitCode);
}
