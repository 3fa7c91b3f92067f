/**
 * What every repair shares: the kernel's refusal in a shell without CAP_NET_ADMIN, and the
 * commit that turns an accepted edit into the next Lab and records it (Lab.edits), so a
 * rebuild from the scenario replays it after the faults (replay.ts).
 */
import type { Lab } from '../../lab-core';
import type { Cluster, Netns } from '../../model/datapath';
import type { KernelState } from '../../model/kernel-state';
import { type CommandResult, done, type Shell } from '../context';

/**
 * A pod's container has no CAP_NET_ADMIN (the container runtime's default capability set,
 * containerd oci/spec_opts defaults, does not include it): rtnetlink refuses every change with
 * EPERM, which iproute2 prints as `RTNETLINK answers: Operation not permitted` (exit 2).
 */
export const RTNETLINK_EPERM = 'RTNETLINK answers: Operation not permitted';

export function needsNetAdmin(shell: Shell): boolean {
  return shell.kind === 'pod';
}

export function eperm(shell: Shell): CommandResult {
  return done(shell, RTNETLINK_EPERM, 2);
}

/** A netlink error as iproute2 prints it: an extack message is `Error: <msg>.`, a bare errno `RTNETLINK answers: <strerror>` (exit 2). */
export function rtnl(shell: Shell, message: string): CommandResult {
  return done(shell, message, 2);
}

export function withNetns(c: Cluster, ns: Netns): Cluster {
  return { ...c, netns: { ...c.netns, [ns.id]: ns } };
}

/** The accepted edit: the next Lab carries the change and remembers the command (argv as typed, where it ran). */
export function commit(
  shell: Shell,
  argv: readonly string[],
  next: { cluster?: Cluster; kernel?: KernelState; lab?: Lab },
  output: string[] | string = '',
): CommandResult {
  const base = next.lab ?? shell.lab;
  const lab: Lab = {
    ...base,
    ...(next.cluster ? { cluster: next.cluster } : {}),
    ...(next.kernel ? { kernel: next.kernel } : {}),
    edits: [...(base.edits ?? []), { where: shell.from, argv, ...(shell.stdin !== undefined ? { stdin: shell.stdin } : {}) }],
  };
  return { lab, output: typeof output === 'string' ? output : output.join('\n'), exitCode: 0, traces: [] };
}
