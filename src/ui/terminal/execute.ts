/**
 * Runs one command line on a pod or node through the engine's CLI and feeds what it did
 * back into the lab: the next Lab (what the kernels learned) and, for commands that sent
 * packets, their traces — which the canvas then plays.
 */
import type { ProbeSpec, Trace } from '../../engine';
import { useLabStore } from '../store/lab-store';
import type { ShellTarget } from '../panels/shell-targets';
import { runCli } from './cli';
import { errorText } from '../store/probe-runner';

/** The flow-log line for a packet a command sent (`ping 10.244.2.2` → client → 10.244.2.2 icmp). */
export function probeOfTrace(where: string, t: Trace, line: string): ProbeSpec {
  const s = t.sent;
  // each tool is its own protocol: traceroute's UDP probes are not tracepath's (engine trace/traceroute.ts, trace/tracepath.ts)
  const tool = /^(tracepath|traceroute)\b/.exec(line.trim())?.[1];
  const protocol = (
    s?.protocol === 'tcp' || s?.protocol === 'udp' || s?.protocol === 'icmp' || s?.protocol === 'traceroute' ? s.protocol : (tool ?? 'icmp')
  ) as ProbeSpec['protocol'];
  return { from: where, to: s ? `${s.dst}${s.dport ? `:${s.dport}` : ''}` : (line.trim().split(/\s+/).pop() ?? '?'), protocol, size: s?.size, df: s?.df };
}

/** `stdin`: a here-document's text or the object an editor saved. */
export function execute(target: ShellTarget, line: string, stdin?: string): { output: string; clear: boolean } {
  const cmd = line.trim();
  if (!cmd) return { output: '', clear: false };
  if (cmd === 'clear') return { output: '', clear: true };
  const { lab } = useLabStore.getState();
  try {
    const r = runCli(lab, target.where, cmd, stdin);
    useLabStore.getState().commandRan(
      r.lab,
      r.traces.map((trace) => ({ trace, probe: probeOfTrace(target.where, trace, cmd) })),
      { where: target.where, line: cmd, exitCode: r.exitCode, output: r.output },
    );
    return { output: r.output, clear: false };
  } catch (e) {
    return { output: `\x1b[31mpodpath: the engine failed on this command: ${errorText(e)}\x1b[0m`, clear: false };
  }
}
