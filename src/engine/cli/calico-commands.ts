/**
 * calicoctl (registered in dispatch.ts), from the tables Calico wrote (/work/notes/calico.md §2.7, §4.2):
 *
 * - `calicoctl node status`: BIRD's `show protocols` as calicoctl prints it
 *   (calicoctl/commands/node/status.go, tablewriter v0.0.5: upper-cased centred headers, cells
 *   left-aligned, a cell over 30 characters word-wrapped in a 30-wide column). A session to a
 *   node whose BIRD is down shows BIRD's state `start` with `Active Socket: Connection refused`
 *   on the side that connects and `Passive` on the side configured passive (the lexically lower
 *   IP is passive towards a higher one: confd bird.cfg.template). SINCE is the lab clock (%T).
 * - `calicoctl ipam show [--show-blocks]`: GROUPING | CIDR | IPS TOTAL | IPS IN USE | IPS FREE
 *   (calicoctl/commands/ipam/show.go showBlockUtilization: `%.5g`, `%.5g (%.f%%)`).
 * Anything else answers through notModelled.
 */
import type { Cluster } from '../model/datapath';
import { calicoPeers } from '../cni/calico/routes';
import { cidrContains, cidrSize, cidrString, type Cidr } from '../wire/ipv4';
import { done, nodeOnly, notModelled, type CommandResult, type Shell } from './context';
import type { CommandGroup } from './registry';

const WRAP = 30;

function wrap(cell: string): string[] {
  if (cell.length <= WRAP) return [cell];
  const out: string[] = [];
  let line = '';
  for (const w of cell.split(' ')) {
    if (line && line.length + 1 + w.length > WRAP) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  return [...out, line];
}

/** tablewriter v0.0.5 with calicoctl's settings: a border, a header row, left-aligned cells. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((r) => r.map(wrap));
  // a column with a wrapped cell becomes the wrap width
  const width = header.map((h, i) =>
    rows.some((r) => r[i].length > WRAP) ? WRAP : Math.max(h.length, ...cells.map((r) => Math.max(...r[i].map((l) => l.length)))),
  );
  const rule = `+${width.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const centre = (h: string, w: number) => {
    const pad = w - h.length;
    return `${' '.repeat(Math.floor(pad / 2))}${h}${' '.repeat(Math.ceil(pad / 2))}`;
  };
  const out = [rule, `| ${header.map((h, i) => centre(h.toUpperCase(), width[i])).join(' | ')} |`, rule];
  for (const r of cells) {
    const height = Math.max(...r.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(`| ${r.map((c, i) => (c[k] ?? '').padEnd(width[i])).join(' | ')} |`);
  }
  out.push(rule);
  return out;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

function nodeStatus(shell: Shell): CommandResult {
  const c = shell.lab.cluster;
  const peers = calicoPeers(c);
  const me = peers.find((p) => p.name === shell.netns.node);
  if (!me) return done(shell, 'Calico process is not running.', 1);
  if (!me.birdUp) return done(shell, ['Calico process is running.', '', 'The BGP backend process (BIRD) is not running.', '']);
  const since = clock(shell.lab.kernel.now);
  const rows = peers
    .filter((p) => p !== me)
    .map((p) => {
      // the lower IP (a Go string compare) is passive towards the higher one
      const info = p.birdUp ? 'Established' : p.ip > me.ip ? 'Passive' : 'Active Socket: Connection refused';
      return [p.ip, 'node-to-node mesh', p.birdUp ? 'up' : 'start', since, info];
    });
  const v4 = rows.length ? table(['Peer address', 'Peer type', 'State', 'Since', 'Info'], rows) : ['No IPv4 peers found.'];
  return done(shell, ['Calico process is running.', '', 'IPv4 BGP status', ...v4, '', 'IPv6 BGP status', 'No IPv6 peers found.', '']);
}

const g5 = (n: number) => String(Number(n.toPrecision(5)));

function usage(total: number, used: number): string[] {
  return [g5(total), `${g5(used)} (${Math.round((100 * used) / total)}%)`, `${g5(total - used)} (${Math.round((100 * (total - used)) / total)}%)`];
}

function ipamShow(shell: Shell, blocks: boolean): CommandResult {
  const c: Cluster = shell.lab.cluster;
  const used = [
    ...c.pods.filter((p) => p.ip && !p.hostNetwork && p.status === 'Running').map((p) => p.ip!),
    ...c.nodes.flatMap((n) =>
      c.netns[n.netns].interfaces.filter((d) => ['tunl0', 'vxlan.calico', 'wireguard.cali'].includes(d.name)).flatMap((d) => d.addrs.map((a) => a.ip)),
    ),
  ];
  const inUse = (cidr: Cidr) => used.filter((ip) => cidrContains(cidr, ip)).length;
  const rows = [['IP Pool', cidrString(c.podCidr), ...usage(cidrSize(c.podCidr), inUse(c.podCidr))]];
  if (blocks) {
    const all = calicoPeers(c)
      .flatMap((p) => p.blocks)
      .sort((a, b) => (a.net < b.net ? -1 : 1));
    for (const b of all) rows.push(['Block', cidrString(b), ...usage(cidrSize(b), inUse(b))]);
  }
  return done(shell, table(['Grouping', 'CIDR', 'IPs total', 'IPs in use', 'IPs free'], rows));
}

function calicoctl(shell: Shell, argv: readonly string[]): CommandResult {
  if (shell.lab.cluster.cni !== 'calico') return done(shell, `bash: calicoctl: command not found`, 127);
  const args = argv;
  const line = `calicoctl ${args.join(' ')}`.trim();
  if (args[0] === 'node' && args[1] === 'status' && args.length === 2)
    return shell.kind === 'node' ? nodeStatus(shell) : nodeOnly(shell, 'calicoctl node status');
  if (args[0] === 'ipam' && args[1] === 'show' && args.slice(2).every((a) => a === '--show-blocks')) return ipamShow(shell, args.includes('--show-blocks'));
  return notModelled(shell, line);
}

export const CALICO_COMMANDS: CommandGroup = {
  calicoctl: {
    run: calicoctl,
    usage: 'calicoctl node status | calicoctl ipam show [--show-blocks]',
    what: "Calico's CLI: BIRD's BGP sessions on this node, and calico-ipam's pool and blocks",
    words: ['node', 'status', 'ipam', 'show', '--show-blocks'],
  },
};
