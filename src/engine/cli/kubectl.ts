/**
 * `kubectl get pods|nodes [NAME] [-o wide] [-n NS | -A]` from the cluster model, and the
 * argument parsing of `kubectl exec` (the dispatcher runs the inner command in the pod).
 *
 * Columns: kubernetes pkg/printers/internalversion/printers.go (podColumnDefinitions,
 * nodeColumnDefinitions); -o wide adds the priority-1 columns. Layout: cli-runtime's
 * tabwriter (minwidth 6, padding 3), REFERENCE.md §6.1. AGE: the lab's cluster is taken to
 * have come up 5 minutes before the scenario started (a fixed, deterministic choice), plus
 * the lab clock, printed with apimachinery's duration.HumanDuration.
 * Not modelled: kubelet/OS/runtime versions, which print as `<unknown>`.
 */
import type { PodInfo } from '../model/datapath';
import { type CommandResult, done, notModelled, type Shell } from './context';

/**
 * kubectl's table layout: Go text/tabwriter as cli-runtime configures it
 * (pkg/printers/tabwriter.go: minwidth 6, tabwidth 4, padding 3, padchar ' ', no flags).
 * A column is as wide as its widest cell plus 3, at least 6; the last cell of a row ends the
 * line and is not padded (REFERENCE.md §6.1).
 */
const MIN_WIDTH = 6;
const PADDING = 3;

export function tabwrite(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? MIN_WIDTH, cell.length + PADDING);
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell)).join(''));
}

const CLUSTER_AGE_MS = 5 * 60_000;

/** k8s.io/apimachinery/pkg/util/duration HumanDuration, for the ranges a lab reaches. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

interface GetArgs {
  resource?: string;
  name?: string;
  wide: boolean;
  namespace: string;
  all: boolean;
  error?: string;
}

function parseGet(argv: readonly string[]): GetArgs {
  const a: GetArgs = { wide: false, namespace: 'default', all: false };
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const output =
      x === '-o' || x === '--output' ? argv[++i] : x.startsWith('--output=') ? x.slice(9) : x.startsWith('-o') && x.length > 2 ? x.slice(2) : undefined;
    if (output !== undefined) {
      if (output !== 'wide') a.error = `-o ${output}`;
      a.wide = true;
    } else if (x === '-n' || x === '--namespace') a.namespace = argv[++i] ?? '';
    else if (x.startsWith('--namespace=')) a.namespace = x.slice(12);
    else if (x.startsWith('-n') && x.length > 2) a.namespace = x.slice(2);
    else if (x === '-A' || x === '--all-namespaces') a.all = true;
    else if (x.startsWith('-')) a.error = x;
    else pos.push(x);
  }
  [a.resource, a.name] = pos;
  if (pos.length > 2) a.error = pos.slice(2).join(' ');
  return a;
}

function podRow(p: PodInfo, age: string, wide: boolean, withNs: boolean): string[] {
  const running = p.status === 'Running';
  const row = [...(withNs ? [p.namespace] : []), p.name, running ? '1/1' : '0/1', p.status, '0', age];
  if (wide) row.push(running && p.ip ? p.ip : '<none>', p.node || '<none>', '<none>', '<none>');
  return row;
}

function getPods(shell: Shell, a: GetArgs): CommandResult {
  const age = humanDuration(CLUSTER_AGE_MS + shell.lab.kernel.now);
  const pods = shell.lab.cluster.pods.filter((p) => (a.all || p.namespace === a.namespace) && (a.name === undefined || p.name === a.name));
  if (a.name !== undefined && pods.length === 0) return done(shell, `Error from server (NotFound): pods "${a.name}" not found`, 1);
  if (pods.length === 0) return done(shell, a.all ? 'No resources found' : `No resources found in ${a.namespace} namespace.`);
  const head = [
    ...(a.all ? ['NAMESPACE'] : []),
    'NAME',
    'READY',
    'STATUS',
    'RESTARTS',
    'AGE',
    ...(a.wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : []),
  ];
  return done(shell, tabwrite([head, ...pods.map((p) => podRow(p, age, a.wide, a.all))]));
}

function getNodes(shell: Shell, a: GetArgs): CommandResult {
  const age = humanDuration(CLUSTER_AGE_MS + shell.lab.kernel.now);
  const nodes = shell.lab.cluster.nodes.filter((n) => a.name === undefined || n.name === a.name);
  if (a.name !== undefined && nodes.length === 0) return done(shell, `Error from server (NotFound): nodes "${a.name}" not found`, 1);
  const head = [
    'NAME',
    'STATUS',
    'ROLES',
    'AGE',
    'VERSION',
    ...(a.wide ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] : []),
  ];
  const rows = nodes.map((n) => [n.name, 'Ready', '<none>', age, '<unknown>', ...(a.wide ? [n.ip, '<none>', '<unknown>', '<unknown>', '<unknown>'] : [])]);
  return done(shell, tabwrite([head, ...rows]));
}

const POD_NAMES = ['pods', 'pod', 'po'];
const NODE_NAMES = ['nodes', 'node', 'no'];

export function kubectlGet(shell: Shell, argv: readonly string[]): CommandResult {
  const a = parseGet(argv);
  if (!a.resource) return done(shell, 'error: Required resource not specified.', 1);
  if (a.error) return notModelled(shell, `kubectl get ${a.resource} ${a.error}`);
  if (POD_NAMES.includes(a.resource)) return getPods(shell, a);
  if (NODE_NAMES.includes(a.resource)) return getNodes(shell, a);
  return notModelled(shell, `kubectl get ${a.resource}`);
}

export type ExecArgs = { readonly ok: true; readonly pod: string; readonly argv: readonly string[] } | { readonly ok: false; readonly error: string };

/** `kubectl exec [-i] [-t] [-n NS] [-c C] POD -- COMMAND [ARGS…]` */
export function parseExec(argv: readonly string[]): ExecArgs {
  let ns = 'default';
  let pod: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--') {
      if (!pod) return { ok: false, error: 'error: pod, type/name or --filename must be specified' };
      if (i + 1 >= argv.length) return { ok: false, error: 'error: you must specify at least one command for the container' };
      return { ok: true, pod: `${ns}/${pod}`, argv: argv.slice(i + 1) };
    }
    if (x === '-n' || x === '--namespace') ns = argv[++i] ?? ns;
    else if (x.startsWith('--namespace=')) ns = x.slice(12);
    else if (x === '-c' || x === '--container') i++;
    else if (/^-[it]+$/.test(x) || x === '--stdin' || x === '--tty') continue;
    else if (x.startsWith('-')) return { ok: false, error: `error: unknown shorthand flag: '${x.replace(/^-+/, '')[0]}' in ${x}` };
    else if (!pod) pod = x.replace(/^(pods?|po)\//, '');
    else return { ok: false, error: 'error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead' };
  }
  return {
    ok: false,
    error: pod
      ? 'error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead'
      : 'error: pod, type/name or --filename must be specified',
  };
}
