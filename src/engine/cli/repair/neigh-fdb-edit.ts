/**
 * `ip neigh add|del|replace|change ADDR lladdr MAC dev D [nud permanent|reachable]` (iproute2
 * ip/ipneigh.c ipneigh_modify; net/core/neighbour.c neigh_add / neigh_delete) and
 * `bridge fdb add|append|replace|del MAC dev D dst IP [self] [permanent]` on a VXLAN device
 * (iproute2 bridge/fdb.c fdb_modify; drivers/net/vxlan/vxlan_core.c vxlan_fdb_add /
 * vxlan_fdb_delete).
 *
 * Refusals: an existing neighbour on add (NLM_F_EXCL) `RTNETLINK answers: File exists`; a
 * missing one on del/change -ENOENT `RTNETLINK answers: No such file or directory`; a VXLAN FDB
 * entry must be permanent and name its remote (vxlan_fdb_add: "RTM_NEWNEIGH with invalid state",
 * no NDA_DST: -EINVAL, `RTNETLINK answers: Invalid argument`); iproute2's own argument errors exit 255.
 * `ip neigh del` of a learned entry removes it from the kernel's table too (the lab's
 * KernelState); the kernel keeps it FAILED until garbage collection — simplified: it is gone.
 */
import type { FdbEntry, NeighEntry } from '../../model/datapath';
import { isIpv4 } from '../../wire/ipv4';
import { type CommandResult, done, notModelled, type Shell } from '../context';
import { commit, eperm, needsNetAdmin, rtnl, withNetns } from './commit';

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const ENOENT = 'RTNETLINK answers: No such file or directory';
const EEXIST = 'RTNETLINK answers: File exists';

export type NeighVerb = 'add' | 'del' | 'replace' | 'change';

export function ipNeighEdit(shell: Shell, verb: NeighVerb, args: readonly string[], argv: readonly string[]): CommandResult {
  let ip: string | undefined;
  let mac: string | undefined;
  let dev: string | undefined;
  let nud: 'PERMANENT' | 'REACHABLE' = 'PERMANENT';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === 'lladdr') {
      if (!v || !MAC.test(v)) return done(shell, `"${v ?? ''}" is invalid lladdr.`, 255);
      mac = v.toLowerCase();
      i++;
    } else if (a === 'dev') {
      dev = v;
      i++;
    } else if (a === 'nud') {
      // nud_state_a2n: the lab keeps permanent and reachable entries
      if (v === 'permanent' || v === 'reachable') nud = v === 'permanent' ? 'PERMANENT' : 'REACHABLE';
      else if (['noarp', 'stale', 'none', 'incomplete', 'delay', 'probe', 'failed'].includes(v ?? '')) return notModelled(shell, `ip neigh ${verb} … nud ${v}`);
      else return done(shell, `Error: argument "${v ?? ''}" is wrong: nud state is bad`, 255);
      i++;
    } else if ((a === 'to' || !a.startsWith('-')) && ip === undefined) {
      const x = a === 'to' ? args[++i] : a;
      if (!x || !isIpv4(x)) return done(shell, `Error: any valid address is expected rather than "${x ?? ''}".`, 1);
      ip = x;
    } else return notModelled(shell, `ip neigh ${verb} ${args.join(' ')}`);
  }
  if (!dev || !ip) return done(shell, 'Device and destination are required arguments.', 255);
  const ns = shell.netns;
  if (!ns.interfaces.some((d) => d.name === dev)) return done(shell, `Cannot find device "${dev}"`, 1);
  if (verb !== 'del' && !mac) return notModelled(shell, `ip neigh ${verb} without lladdr`);
  if (needsNetAdmin(shell)) return eperm(shell);
  const key = `${dev} ${ip}`;
  const learned = shell.lab.kernel.neigh[ns.id] ?? {};
  const exists = ns.neigh.some((n) => n.dev === dev && n.ip === ip) || key in learned;
  if (verb === 'add' && exists) return rtnl(shell, EEXIST);
  if ((verb === 'del' || verb === 'change') && !exists) return rtnl(shell, ENOENT);
  const others = ns.neigh.filter((n) => !(n.dev === dev && n.ip === ip));
  const neigh: NeighEntry[] = verb === 'del' ? others : [...others, { ip, dev, mac: mac!, state: nud }];
  const rest = Object.fromEntries(Object.entries(learned).filter(([k]) => k !== key));
  const kernel = { ...shell.lab.kernel, neigh: { ...shell.lab.kernel.neigh, [ns.id]: rest } };
  return commit(shell, argv, { cluster: withNetns(shell.lab.cluster, { ...ns, neigh }), kernel });
}

export type FdbVerb = 'add' | 'append' | 'replace' | 'del';

export function bridgeFdbEdit(shell: Shell, verb: FdbVerb, args: readonly string[], argv: readonly string[]): CommandResult {
  let mac: string | undefined;
  let dev: string | undefined;
  let dst: string | undefined;
  let permanent = false;
  let master = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === 'dev') {
      dev = v;
      i++;
    } else if (a === 'dst') {
      if (!v || !isIpv4(v)) return done(shell, `Invalid address "${v ?? ''}"`, 255);
      dst = v;
      i++;
    } else if (a === 'self') continue;
    else if (a === 'master') master = true;
    else if (a === 'permanent') permanent = true;
    else if (a === 'static' || a === 'dynamic') continue;
    else if (mac === undefined && !a.startsWith('-')) {
      if (!MAC.test(a)) return done(shell, `Invalid mac address ${a}`, 255);
      mac = a.toLowerCase();
    } else return notModelled(shell, `bridge fdb ${verb} ${args.join(' ')}`);
  }
  if (!dev || !mac) return done(shell, 'Device and address are required arguments.', 255);
  const ns = shell.netns;
  const device = ns.interfaces.find((d) => d.name === dev);
  if (!device) return done(shell, `Cannot find device "${dev}"`, 1);
  // only a VXLAN device's own table (`self`, fdb_modify's default) is modelled; bridge port entries are the bridge's learning
  if (device.kind !== 'vxlan' || master)
    return notModelled(shell, `bridge fdb ${verb} on ${device.kind === 'vxlan' ? 'the bridge (master)' : `a ${device.kind} device`}`);
  if (needsNetAdmin(shell)) return eperm(shell);
  const mine = (e: FdbEntry) => e.dev === dev && e.mac === mac && (e.self ?? false);
  const current = ns.fdb.filter(mine);
  let fdb: readonly FdbEntry[];
  if (verb === 'del') {
    const gone = current.filter((e) => dst === undefined || e.dst === dst);
    if (gone.length === 0) return rtnl(shell, ENOENT);
    fdb = ns.fdb.filter((e) => !gone.includes(e));
  } else {
    // vxlan_fdb_add: the state must be permanent or reachable, and a remote (NDA_DST) is required: -EINVAL
    if (!permanent || !dst) return rtnl(shell, 'RTNETLINK answers: Invalid argument');
    const entry: FdbEntry = { mac, dev, dst, self: true, permanent: true };
    if (verb === 'add' && current.length) return rtnl(shell, EEXIST);
    if (verb === 'append') fdb = current.some((e) => e.dst === dst) ? ns.fdb : [...ns.fdb, entry];
    else if (verb === 'replace' && current.length) {
      const first = ns.fdb.indexOf(current[0]);
      fdb = ns.fdb.map((e, i) => (i === first ? entry : e));
    } else fdb = [...ns.fdb, entry];
  }
  return commit(shell, argv, { cluster: withNetns(shell.lab.cluster, { ...ns, fdb }) });
}
