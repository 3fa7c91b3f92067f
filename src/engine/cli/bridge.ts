/**
 * `bridge fdb show [dev X] [br B]` (iproute2 bridge/fdb.c). The kernel dumps per device in
 * ifindex order: for a bridge port, the bridge's entries on that port (its own address as
 * `permanent`, then addresses learned from traffic, state printed as ""), then the device's
 * own table (`self`: flannel.1's `MAC dst VTEP self permanent`).
 *
 * Simplified: the multicast `self permanent` entries (33:33:…, 01:00:5e:…) and the
 * `vlan 1` duplicates of the bridge's local entries that a real node also lists are left out.
 */
import type { FdbEntry } from '../model/datapath';
import { type CommandResult, done, notModelled, type Shell } from './context';
import { matches } from './ip';
import { formatFdb } from '../tables/table-format';

export function fdbEntries(shell: Shell): FdbEntry[] {
  const ns = shell.netns;
  const learned = Object.entries(shell.lab.kernel.fdb[ns.id] ?? {}).map(([key, port]) => {
    const [bridge, mac] = key.split(' ');
    return { mac, dev: port, master: bridge, permanent: false } satisfies FdbEntry;
  });
  const out: FdbEntry[] = [];
  for (const d of [...ns.interfaces].sort((a, b) => a.ifindex - b.ifindex)) {
    if (d.kind === 'bridge') out.push({ mac: d.mac, dev: d.name, master: d.name, permanent: true });
    if (d.master) out.push({ mac: d.mac, dev: d.name, master: d.master, permanent: true });
    out.push(...learned.filter((e) => e.dev === d.name && e.mac !== d.mac));
    out.push(...ns.fdb.filter((e) => e.dev === d.name));
  }
  return out;
}

export function bridgeCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const [object, cmd, ...args] = argv;
  if (!object) return done(shell, 'Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | vni | monitor }', 255);
  if (!matches(object, 'fdb')) return notModelled(shell, `bridge ${object}`);
  if (cmd !== undefined && !matches(cmd, 'show') && !matches(cmd, 'list')) return notModelled(shell, `bridge fdb ${cmd}`);
  let dev: string | undefined;
  let br: string | undefined;
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === 'dev' && args[i + 1]) dev = args[i + 1];
    else if (args[i] === 'br' && args[i + 1]) br = args[i + 1];
    else return done(shell, `podpath: "bridge fdb show ${args.join(' ')}" is not modelled yet (try: bridge fdb show [dev NAME] [br BRIDGE])`, 255);
  }
  for (const name of [dev, br]) {
    if (name !== undefined && !shell.netns.interfaces.some((d) => d.name === name)) return done(shell, `Cannot find device "${name}"`, 1);
  }
  const rows = fdbEntries(shell).filter((e) => (dev === undefined || e.dev === dev) && (br === undefined || e.master === br));
  // state_n2a prints "" for a learned entry, leaving the space before it at the end of the line.
  return done(
    shell,
    rows.map((e) => formatFdb(e, { showDev: dev === undefined }) + (e.permanent ? '' : ' ')),
  );
}
