/**
 * The lab terminal: `runCommand(lab, where, line)` runs one command line on a node or in a
 * pod and returns what it prints, its exit code, the next Lab (commands that send packets
 * change what the kernels remember) and the traces they produced. The terminal UI and
 * `npm run probe -- --exec` share this one implementation (SCENARIOS.md).
 *
 * A command the lab does not model answers with exit 127 and says so; it never invents output.
 */
import type { Lab } from '../lab';
import { bridgeCommand } from './bridge';
import { type CommandResult, done, nodeOnly, NOT_MODELLED_EXIT, notModelled, openShell, type Shell } from './context';
import { curlCommand } from './curl';
import { ipCommand } from './ip';
import { iptablesCommand, iptablesSaveCommand } from './iptables';
import { pingCommand } from './ping';
import { tokenize } from './tokenize';
import { tracepathCommand } from './tracepath';
import { tracerouteCommand } from './traceroute';

import { setRunner, type CommandInfo, type Handler } from './registry';
import { IPVS_COMMANDS } from './ipvs-commands';
import { NFT_COMMANDS } from './nft-commands';
import { DNS_COMMANDS } from './dns-commands';
import { CALICO_COMMANDS } from './calico-commands';
import { K8S_COMMANDS } from './k8s-commands';
import { CILIUM_COMMANDS } from './cilium-commands';
import { WG_COMMANDS } from './wg-commands';
import { programFor, programs } from '../cni/registry';
import { bridgeEditCommand, REPAIR_USAGE, REPAIR_WORDS } from './repair';

function hostname(shell: Shell, argv: readonly string[]): CommandResult {
  const pod = shell.pod && !shell.pod.hostNetwork ? shell.pod : undefined;
  const node = shell.lab.cluster.nodes.find((n) => n.name === shell.netns.node);
  const ip = pod?.ip ?? node?.ip ?? '';
  if (argv.length === 0) return done(shell, pod ? pod.name : shell.netns.name);
  if (argv.length === 1 && argv[0] === '-i') return done(shell, ip);
  if (argv.length === 1 && argv[0] === '-I') {
    const all = shell.netns.interfaces.filter((d) => d.kind !== 'loopback').flatMap((d) => d.addrs.filter((a) => a.scope !== 'host').map((a) => a.ip));
    return done(shell, `${all.join(' ')} `);
  }
  return notModelled(shell, `hostname ${argv.join(' ')}`);
}

function nodeCommand(name: string, run: Handler): Handler {
  return (shell, argv) => (shell.netns.kind === 'node' ? run(shell, argv) : nodeOnly(shell, name));
}

export const COMMANDS: Readonly<Record<string, CommandInfo>> = {
  ip: {
    run: ipCommand,
    usage: `ip [-d] [-br] addr|link [show [dev] NAME] | route [show [dev NAME] | get ADDR] | neigh [show [dev NAME]] | ${REPAIR_USAGE.ip}`,
    what: "this namespace's devices, routes and neighbours (changing them needs a node shell: a pod has no NET_ADMIN)",
    words: ['addr', 'address', 'link', 'route', 'neigh', 'show', 'get', 'dev', '-d', '-br', ...REPAIR_WORDS.ip],
  },
  bridge: {
    run: (s, a) => bridgeEditCommand(s, a) ?? nodeCommand('bridge', bridgeCommand)(s, a),
    usage: `bridge fdb show [dev NAME] [br BRIDGE] | ${REPAIR_USAGE.bridge}`,
    what: 'forwarding database of the bridge and the VXLAN device (node)',
    words: ['fdb', 'show', 'dev', 'br', ...REPAIR_WORDS.bridge],
  },
  iptables: {
    run: iptablesCommand,
    usage: `iptables [-t TABLE] -L|-S [CHAIN] [-n] [-v] [--line-numbers] | ${REPAIR_USAGE.iptables}`,
    what: 'netfilter rules (node)',
    words: ['-t', 'filter', 'nat', '-L', '-S', '-n', '-v', '--line-numbers', ...REPAIR_WORDS.iptables],
  },
  'iptables-save': { run: iptablesSaveCommand, usage: 'iptables-save [-t TABLE]', what: 'all rules in restore format (node)', words: ['-t', 'filter', 'nat'] },
  ping: {
    run: pingCommand,
    usage: 'ping [-c N] [-s SIZE] [-M do|dont] [-W SECS] [-t TTL] DST',
    what: 'ICMP echo through the lab (sends packets)',
    words: ['-c', '-s', '-M', 'do', 'dont', '-W', '-t'],
  },
  tracepath: {
    run: tracepathCommand,
    usage: 'tracepath [-n] [-m HOPS] DST',
    what: 'the path and its MTU, hop by hop',
    words: ['-n', '-m'],
  },
  traceroute: {
    run: tracerouteCommand,
    usage: 'traceroute [-n] [-m HOPS] DST',
    what: 'the path, hop by hop: UDP probes to port 33434 and up, 3 per TTL',
    words: ['-n', '-m'],
  },
  curl: {
    run: curlCommand,
    usage: 'curl [-s] [-m SECS] http://HOST[:PORT]/',
    what: 'an HTTP request over TCP (simulated server)',
    words: ['-s', '-m', 'http://'],
  },
  hostname: { run: hostname, usage: 'hostname [-i|-I]', what: 'which pod or node this terminal is in', words: ['-i', '-I'] },
  ...IPVS_COMMANDS,
  ...NFT_COMMANDS,
  ...DNS_COMMANDS,
  ...CALICO_COMMANDS,
  ...CILIUM_COMMANDS,
  ...K8S_COMMANDS,
  ...WG_COMMANDS,
  help: { run: (s) => done(s, helpText()), usage: 'help', what: 'this list' },
};

/** Command names for tab completion. */
export const SUPPORTED_COMMANDS: readonly string[] = Object.keys(COMMANDS);

const SHAPE_TOOLS = new Set(programs().flatMap((p) => p.commands));

export function completionWords(command: string): readonly string[] {
  return COMMANDS[command]?.words ?? [];
}

export function helpText(): string {
  const rows = Object.values(COMMANDS).flatMap((c) => [`  ${c.usage}`, `      ${c.what}`]);
  return ['Commands modelled in this lab (anything else answers "not modelled yet"):', ...rows].join('\n');
}

/** Runs an already split command line on `where` (a node, a pod, or namespace/pod). */
export function runArgv(lab: Lab, where: string, argv: readonly string[], stdin?: string): CommandResult {
  const opened = openShell(lab, where);
  if (!opened.ok) return { lab, output: `podpath: ${opened.error}`, exitCode: 1, traces: [] };
  const shell = stdin === undefined ? opened.shell : { ...opened.shell, stdin };
  const words = argv[0] === 'sudo' ? argv.slice(1) : argv;
  if (words.length === 0) return done(shell, '');
  const cmd = COMMANDS[words[0]];
  // a shape's own tool (calicoctl, cilium-dbg, hubble, wg) is installed only where that shape runs
  if (SHAPE_TOOLS.has(words[0]) && !programFor(lab.cluster.cni)?.commands.includes(words[0]))
    return { lab, output: `bash: ${words[0]}: command not found`, exitCode: 127, traces: [] };
  if (!cmd) return { lab, output: `podpath: "${words[0]}" is not modelled yet in this lab (type help for the list)`, exitCode: NOT_MODELLED_EXIT, traces: [] };
  return cmd.run(shell, words.slice(1));
}

/** Runs one command line in the lab terminal on `where`; `stdin` is what it reads (a heredoc, an edited object). */
export function runCommand(lab: Lab, where: string, line: string, stdin?: string): CommandResult {
  const t = tokenize(line);
  if (!t.ok) return { lab, output: t.error, exitCode: 2, traces: [] };
  return runArgv(lab, where, t.argv, stdin);
}

setRunner(runArgv);
