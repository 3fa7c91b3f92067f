/**
 * Terminal commands of the k8s work (registered in dispatch.ts; `kubectl` here replaces the
 * core one): kubectl get/describe/exec (kubectl*.ts) and conntrack (conntrack.ts).
 *
 * `kubectl exec` runs the inner command through registry.ts runNested (dispatch's runArgv).
 */
import { type CommandResult, done, notModelled, type Shell } from './context';
import { conntrackCommand } from './conntrack';
import { runNested } from './registry';
import { KUBECTL_HELP, kubectlDescribeCommand, kubectlGet, parseExec, splitVerb } from './kubectl';
import type { CommandGroup } from './registry';
import { kubectlEditCommand, REPAIR_USAGE, REPAIR_WORDS } from './repair';

function kubectlExec(shell: Shell, rest: readonly string[]): CommandResult {
  const e = parseExec(rest);
  if (!e.ok) return done(shell, e.error, 1);
  const [ns, name] = e.pod.split('/');
  if (!shell.lab.cluster.pods.some((p) => p.namespace === ns && p.name === name))
    return done(shell, `Error from server (NotFound): pods "${name}" not found`, 1);
  return runNested(shell.lab, e.pod, e.argv);
}

function kubectl(shell: Shell, argv: readonly string[]): CommandResult {
  // exec keeps its own parsing: everything after `--` belongs to the inner command
  if (argv[0] === 'exec') return kubectlExec(shell, argv.slice(1));
  const { verb, rest } = splitVerb(argv);
  const edit = kubectlEditCommand(shell, verb, rest, argv);
  if (edit) return edit;
  if (verb === 'get') return kubectlGet(shell, rest);
  if (verb === 'describe') return kubectlDescribeCommand(shell, rest);
  if (verb === 'exec') return kubectlExec(shell, rest);
  if (verb === undefined && argv.length === 0) return done(shell, KUBECTL_HELP);
  return notModelled(shell, `kubectl ${verb ?? argv.join(' ')}`);
}

export const K8S_COMMANDS: CommandGroup = {
  kubectl: {
    run: kubectl,
    usage: `kubectl get pods|nodes|svc|ep|endpointslices|ns [NAME] [-o wide] [-n NS|-A] | kubectl describe svc|pod NAME | kubectl exec POD -- COMMAND | ${REPAIR_USAGE.kubectl}`,
    what: 'the cluster as the API server sees it (anywhere)',
    words: [
      'get',
      'describe',
      'exec',
      'pods',
      'nodes',
      'services',
      'svc',
      'endpoints',
      'ep',
      'endpointslices',
      'namespaces',
      'ns',
      'cm',
      'coredns',
      '-o',
      'wide',
      '-n',
      '-A',
      '--',
      ...REPAIR_WORDS.kubectl,
    ],
  },
  conntrack: {
    run: conntrackCommand,
    usage: 'conntrack -L|-C|-D|-F [-p tcp|udp|icmp] [-s|-d|-r|-q IP] [--sport|--dport PORT] [-n|-g|-j [IP]]',
    what: 'the connection tracking table (node)',
    words: [
      '-L',
      '-C',
      '-D',
      '-F',
      '-p',
      'tcp',
      'udp',
      'icmp',
      '-s',
      '-d',
      '-r',
      '-q',
      '--orig-src',
      '--orig-dst',
      '--sport',
      '--dport',
      '--src-nat',
      '--dst-nat',
    ],
  },
};
