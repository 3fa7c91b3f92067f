/**
 * The headless runner's logic (SCENARIOS.md "The runner"), free of process and file-system
 * access so it is testable; scripts/probe.ts is its thin shell:
 *
 *   npm run probe -- <scenario.yaml> [--json]
 *   npm run probe -- <scenario.yaml> --exec <node-or-pod> -- <command line>
 *   npm run probe -- <scenario.yaml> --compare flannel/vxlan,calico/bgp[,…] [--json]
 *   npm run probe -- <scenario.yaml> [--json] --pcap <file>   (also writes every probe's frames, in order, as a pcap file)
 *
 * Runs every probe in order against one evolving state and prints the verdict and hops of
 * each (human), or one JSON document. `--exec` applies the faults, runs the probes, then
 * prints exactly what the command prints in the lab terminal there (the same runCommand the
 * terminal uses) and exits with its exit code; warnings then go to stderr.
 * A bad file or bad arguments exit 2 with one line per error (`file:line: field.path:
 * message`), never a stack trace. Faults the kernel refused are reported, not fatal.
 */
import { labFromText, runScenarioProbes, type Lab } from '../lab';
import type { FaultResult } from '../faults/apply';
import { formatScenarioError } from '../model/scenario';
import { formatProbeHuman, probeResultJson } from '../trace/result';
import { runArgv, runCommand } from './dispatch';
import { parseShapes, type Shape } from '../compare';
import { compareOutput } from './compare-format';
import { tracesToPcap } from '../pcap';

export const PROBE_USAGE =
  'usage: npm run probe -- <scenario.yaml> [--json] [--pcap <file>]\n       npm run probe -- <scenario.yaml> --exec <node-or-pod> -- <command line>\n       npm run probe -- <scenario.yaml> --compare <cni/mode>,<cni/mode>[,…] [--json]';

export interface RunnerArgs {
  readonly file: string;
  readonly json: boolean;
  readonly exec?: { readonly where: string; readonly argv: readonly string[] };
  readonly compare?: readonly Shape[];
  /** --pcap <file>: write the probes' frames there (src/engine/pcap) */
  readonly pcap?: string;
}

export interface RunnerOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** files to write (the shell writes them; the runner stays free of file-system access) */
  readonly files?: readonly { readonly path: string; readonly bytes: Uint8Array }[];
}

/** Reads a file's text, or throws an Error whose message says why (the shell maps fs errors). */
export type ReadText = (file: string) => string;

export function parseRunnerArgs(argv: readonly string[]): RunnerArgs | { error: string } {
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const command = dash >= 0 ? argv.slice(dash + 1) : undefined;
  let file: string | undefined;
  let json = false;
  let where: string | undefined;
  let compare: Shape[] | undefined;
  let pcap: string | undefined;
  for (let i = 0; i < own.length; i++) {
    const a = own[i];
    if (a === '--json') json = true;
    else if (a === '--exec') {
      where = own[++i];
      if (!where) return { error: '--exec needs a node or pod name' };
    } else if (a === '--compare') {
      const list = own[++i];
      if (!list) return { error: '--compare needs shapes, e.g. flannel/vxlan,calico/bgp' };
      const parsed = parseShapes(list);
      if (!parsed.ok) return { error: `--compare ${parsed.error}` };
      compare = parsed.shapes;
    } else if (a === '--pcap') {
      pcap = own[++i];
      if (!pcap) return { error: '--pcap needs a file name' };
    } else if (a === '--help' || a === '-h') return { error: '' };
    else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else if (file === undefined) file = a;
    else return { error: `unexpected argument ${a}` };
  }
  if (!file) return { error: 'missing the scenario file' };
  if (where !== undefined && (!command || command.length === 0)) return { error: '--exec needs a command after --' };
  if (where === undefined && command) return { error: 'a command after -- needs --exec <node-or-pod>' };
  if (where !== undefined && json) return { error: '--json and --exec do not go together' };
  if (where !== undefined && compare) return { error: '--compare and --exec do not go together' };
  if (pcap !== undefined && (where !== undefined || compare)) return { error: '--pcap goes with the probes, not with --exec or --compare' };
  return { file, json, exec: where !== undefined ? { where, argv: command! } : undefined, ...(compare ? { compare } : {}), ...(pcap ? { pcap } : {}) };
}

export function faultJson(f: FaultResult) {
  return { type: f.fault.type, applied: f.applied, command: f.command, ...(f.error ? { error: f.error } : {}) };
}

function warnings(lab: Lab): string[] {
  return lab.faults.filter((f) => !f.applied).map((f) => `warning: fault ${f.fault.type} was not applied: ${f.command}: ${f.error ?? 'refused'}`);
}

function lines(xs: readonly string[]): string {
  return xs.length ? `${xs.join('\n')}\n` : '';
}

export function runProbeCli(argv: readonly string[], readText: ReadText): RunnerOutput {
  const args = parseRunnerArgs(argv);
  if ('error' in args) return { stdout: '', stderr: lines([...(args.error ? [`probe: ${args.error}`] : []), PROBE_USAGE]), exitCode: 2 };
  let text: string;
  try {
    text = readText(args.file);
  } catch (e) {
    return { stdout: '', stderr: lines([`${args.file}: cannot read the file: ${e instanceof Error ? e.message : String(e)}`]), exitCode: 2 };
  }
  const built = labFromText(text);
  if (!built.ok) return { stdout: '', stderr: lines(built.errors.map((e) => formatScenarioError(e, args.file))), exitCode: 2 };
  if (args.compare) return compareOutput(built.lab.scenario, args.compare, args.json);
  const { lab, runs } = runScenarioProbes(built.lab);
  const files = args.pcap ? [{ path: args.pcap, bytes: tracesToPcap(runs.map((r) => r.trace)) }] : undefined;
  if (args.exec) {
    const { where, argv: cmd } = args.exec;
    // One argument is a whole command line (`-- "ip route get 10.244.2.2"`); several are already split by the shell.
    const r = cmd.length === 1 ? runCommand(lab, where, cmd[0]) : runArgv(lab, where, cmd);
    return { stdout: r.output ? `${r.output}\n` : '', stderr: lines(warnings(lab)), exitCode: r.exitCode };
  }
  if (args.json) {
    const doc = {
      scenario: lab.scenario.metadata.name,
      ...(lab.faults.length ? { faults: lab.faults.map(faultJson) } : {}),
      probes: runs.map((r, i) => probeResultJson(r.probe, r.trace, i)),
    };
    return { stdout: `${JSON.stringify(doc, null, 2)}\n`, stderr: '', exitCode: 0, ...(files ? { files } : {}) };
  }
  const out = [`scenario ${lab.scenario.metadata.name}: ${runs.length} probe${runs.length === 1 ? '' : 's'}`, ...warnings(lab)];
  runs.forEach((r, i) => out.push('', ...formatProbeHuman(r.probe, r.trace, i)));
  if (files) out.push('', `pcap: ${files[0].bytes.length} bytes written to ${files[0].path}`);
  return { stdout: lines(out), stderr: '', exitCode: 0, ...(files ? { files } : {}) };
}
