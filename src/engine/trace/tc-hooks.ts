/**
 * The tc hook (LNX net/sched/cls_bpf, sch_handle_ingress/egress): the programs attached to a
 * device in one direction run in order; each passes the frame on (TC_ACT_OK, possibly
 * rewritten) or takes it (TC_ACT_SHOT dropped, TC_ACT_REDIRECT sent elsewhere). The programs
 * are the CNI's (cni/tc-programs.ts); a device with none passes everything.
 */
import type { Interface, Netns } from '../model/datapath';
import type { Ctx, Frame, TcVerdict } from '../devices/port';
import { tcProgram } from '../cni/tc-programs';
import type { Walker } from './walker';

export function runTc(w: Walker, ns: Netns, dev: Interface, dir: 'ingress' | 'egress', frame: Frame, ctx: Ctx): TcVerdict {
  if (!ns.tc.length) return { kind: 'pass', frame };
  let f = frame;
  for (const att of ns.tc) {
    if (att.dev !== dev.name || att.direction !== dir) continue;
    const prog = tcProgram(att.name);
    // programs are attached only by the CNI programs of this engine: an unknown name is a bug here, not bad input
    if (!prog) throw new Error(`tc ${dir} program ${att.name} on ${ns.name} ${dev.name} has no implementation`);
    const v = prog({ w, ns, dev, dir, frame: f, ctx });
    if (v.kind === 'taken') return v;
    f = v.frame;
  }
  return { kind: 'pass', frame: f };
}
