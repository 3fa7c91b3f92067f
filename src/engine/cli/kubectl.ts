/**
 * `kubectl` in the lab terminal: `get`, `describe` and `exec` against the cluster model (the
 * same answer from a node or a pod: kubectl talks to the API server, not the local kernel).
 * Flags may come before or after the verb, as with cobra/pflag: `-n NS`, `-nNS`, `-n=NS`,
 * `--namespace[=]NS`, `-A`/`--all-namespaces`, `-o wide` (get). Errors are kubectl's own;
 * a verb, flag, output format or kind the lab does not model answers "not modelled yet"
 * (exit 127).
 *
 * kubectl-get.ts and kubectl-describe.ts print; kubectl-objects.ts derives the API objects;
 * kubectl-format.ts holds the Go text layouts; kubectl-resources.ts the resource names.
 * `exec` is parsed here and run by k8s-commands.ts (it needs the command table).
 */
import { type CommandResult, done, notModelled, type Shell } from './context';
import { DESCRIBABLE, kubectlDescribe } from './kubectl-describe';
import { kubectlGetRefs, unmodelledConfigMap } from './kubectl-get';
import { parseRefs } from './kubectl-resources';

export { humanDuration, tabwrite } from './kubectl-format';

export interface KubectlFlags {
  readonly namespace: string;
  readonly all: boolean;
  readonly output?: string;
  readonly args: readonly string[];
  /** a flag the lab does not model */
  readonly unknown?: string;
}

/** Splits global and get/describe flags from the positional words. */
export function parseFlags(argv: readonly string[]): KubectlFlags {
  let namespace = 'default';
  let all = false;
  let output: string | undefined;
  let unknown: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const value = (long: string, short: string): string | undefined => {
      if (x === long || x === short) return argv[++i] ?? '';
      if (x.startsWith(`${long}=`)) return x.slice(long.length + 1);
      if (x.startsWith(short) && x.length > 2 && !x.startsWith('--')) return x.slice(2).replace(/^=/, '');
      return undefined;
    };
    const ns = value('--namespace', '-n');
    const out = ns === undefined ? value('--output', '-o') : undefined;
    if (ns !== undefined) namespace = ns;
    else if (out !== undefined) output = out;
    else if (x === '-A' || x === '--all-namespaces') all = true;
    else if (x.startsWith('-') && x !== '-') unknown ??= x;
    else args.push(x);
  }
  return { namespace, all, ...(output !== undefined ? { output } : {}), args, ...(unknown ? { unknown } : {}) };
}

const API_RESOURCES = 'Use "kubectl api-resources" for a complete list of supported resources.';
const GET_NO_RESOURCE = [
  `You must specify the type of resource to get. ${API_RESOURCES}`,
  '',
  'error: Required resource not specified.',
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
  "See 'kubectl get -h' for help and examples",
].join('\n');
const DESCRIBE_NO_RESOURCE = `error: You must specify the type of resource to describe. ${API_RESOURCES}`;

export function kubectlGet(shell: Shell, argv: readonly string[]): CommandResult {
  const f = parseFlags(argv);
  if (f.unknown) return notModelled(shell, `kubectl get ${f.unknown}`);
  if (f.output !== undefined && f.output !== 'wide') return notModelled(shell, `kubectl get -o ${f.output}`);
  // get.go Validate / describe.go: no resource type given
  if (f.args.length === 0) return done(shell, GET_NO_RESOURCE, 1);
  const r = parseRefs(f.args);
  if (!r.ok) return r.notModelled ? notModelled(shell, `kubectl get ${r.notModelled}`) : done(shell, r.error, 1);
  if (f.all && r.refs.some((x) => x.name !== undefined)) return done(shell, 'error: a resource cannot be retrieved by name across all namespaces', 1);
  const cm = unmodelledConfigMap(r.refs);
  if (cm) return notModelled(shell, `kubectl get configmaps${cm.name ? ` ${cm.name}` : ''}`);
  return kubectlGetRefs(shell, r.refs, { namespace: f.namespace, all: f.all, wide: f.output === 'wide' });
}

export function kubectlDescribeCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const f = parseFlags(argv);
  if (f.unknown) return notModelled(shell, `kubectl describe ${f.unknown}`);
  // describe has no -o flag: pflag's unknown-flag errors, as cobra prints them
  if (f.output !== undefined) {
    const raw = argv.find((x) => x.startsWith('--output') || x.startsWith('-o')) ?? '-o';
    const what = raw.startsWith('--') ? `unknown flag: ${raw.split('=')[0]}` : `unknown shorthand flag: 'o' in ${raw}`;
    return done(shell, `error: ${what}\nSee 'kubectl describe --help' for usage.`, 1);
  }
  if (f.args.length === 0) return done(shell, DESCRIBE_NO_RESOURCE, 1);
  const r = parseRefs(f.args);
  if (!r.ok) return r.notModelled ? notModelled(shell, `kubectl describe ${r.notModelled}`) : done(shell, r.error, 1);
  const kinds = new Set(r.refs.map((x) => x.info.kind));
  const other = r.refs.find((x) => !DESCRIBABLE.includes(x.info.kind));
  if (other) return notModelled(shell, `kubectl describe ${other.info.resource}`);
  if (kinds.size > 1 || r.refs.length > 1) return notModelled(shell, 'kubectl describe with several kinds or names');
  const ref = r.refs[0];
  if (ref.info.kind === 'configmaps' && ref.name !== 'coredns') return notModelled(shell, `kubectl describe configmaps${ref.name ? ` ${ref.name}` : ''}`);
  return kubectlDescribe(shell, ref.info.kind, ref.name, f.all ? undefined : f.namespace);
}

export const KUBECTL_HELP = [
  'kubectl controls the Kubernetes cluster manager.',
  '',
  'Modelled in this lab:',
  '  kubectl get pods|nodes|services|endpoints|endpointslices|namespaces [NAME…] [-o wide] [-n NS|-A]   (kinds may be comma-joined: svc,ep)',
  '  kubectl get cm coredns -n kube-system',
  '  kubectl describe svc|pod NAME [-n NS]',
  '  kubectl describe cm coredns -n kube-system',
  '  kubectl exec POD -- COMMAND',
  "  kubectl apply -f - (Service, EndpointSlice, NetworkPolicy and the shape's policy CRDs, on stdin: a <<EOF here-document)",
  '  kubectl delete svc|endpointslice|netpol NAME [-n NS]',
  '  kubectl -n kube-system scale deployment coredns --replicas=N',
  '  kubectl -n kube-system edit cm kube-proxy; kubectl -n kube-system rollout restart ds kube-proxy',
].join('\n');

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
    else if (x.startsWith('-n') && x.length > 2) ns = x.slice(2).replace(/^=/, '');
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

/** The verb, wherever the global flags put it: `kubectl -n kube-system describe cm coredns`. */
export function splitVerb(argv: readonly string[]): { verb?: string; rest: readonly string[] } {
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    // a flag that takes its value as the next word
    if (['-n', '--namespace', '-o', '--output', '-c', '--container'].includes(x)) {
      i++;
      continue;
    }
    if (x.startsWith('-')) continue;
    return { verb: x, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: argv };
}
