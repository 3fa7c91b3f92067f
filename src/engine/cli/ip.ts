/**
 * The `ip` command line: `ip [-d|-details] [-br|-brief] [-4] OBJECT [COMMAND [ARGS]]`.
 * Objects and commands match by prefix, as iproute2's matches() does, in the order of its
 * command table (ip/ip.c cmds[]): `ip a` is address, `ip r` route, `ip n` neighbour, `ip l` link.
 * Reading is here; the edits (`link set`, `route add|del|replace`, `neigh add|del|replace`) are repair/.
 */
import { type CommandResult, done, notModelled, type Shell } from './context';
import { showDevices } from './ip-link';
import { routeGet, showNeigh, showRoutes } from './ip-route';
import { ipRouteTableCommand, ipRuleCommand } from './ip-rule';
import { ipEditCommand } from './repair';

const OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'link', 'netns', 'tunnel', 'xfrm', 'monitor'] as const;

/** iproute2 matches(): the argument is a non-empty prefix of the keyword. */
export function matches(arg: string | undefined, word: string): boolean {
  return !!arg && word.startsWith(arg);
}

function isShow(arg: string | undefined): boolean {
  return arg === undefined || matches(arg, 'show') || matches(arg, 'list') || arg === 'lst';
}

/** `[dev] NAME` after `show`; returns the device filter, or an error line for a stray argument. */
function devFilter(args: readonly string[]): { dev?: string; error?: string } {
  if (args.length === 0) return {};
  if (args[0] === 'dev' && args.length === 2) return { dev: args[1] };
  if (args.length === 1 && args[0] !== 'dev') return { dev: args[0] };
  return { error: `podpath: "${args.join(' ')}" is not modelled yet for this ip command (try: show [dev NAME])` };
}

export function ipCommand(shell: Shell, argv: readonly string[]): CommandResult {
  let i = 0;
  let details = false;
  let brief = false;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const o = argv[i].replace(/^--?/, '');
    if (o === 'd' || matches(o, 'details')) details = true;
    else if (o === 'br' || matches(o, 'brief')) brief = true;
    else if (o === '4' || o === 'n' || o === 'c' || o === 'color') continue;
    else return done(shell, `Option "${argv[i]}" is unknown, try "ip -help".`, 255);
  }
  const objArg = argv[i];
  if (objArg === undefined) return done(shell, 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | neighbour | route }', 255);
  const object = OBJECTS.find((o) => matches(objArg, o));
  const rest = argv.slice(i + 1);
  const cmd = rest[0];
  const args = rest.slice(1);
  const ns = shell.netns;
  const c = shell.lab.cluster;
  const edit = ipEditCommand(shell, object, cmd, args, argv);
  if (edit) return edit;
  switch (object) {
    case 'address':
    case 'link': {
      if (!isShow(cmd)) return notModelled(shell, `ip ${object} ${cmd}`);
      const f = devFilter(args);
      if (f.error) return done(shell, f.error, 255);
      const r = showDevices(c, ns, object === 'link' ? 'link' : 'addr', f.dev, { details, brief });
      return done(shell, r.lines, r.exitCode);
    }
    case 'route': {
      if (cmd !== undefined && matches(cmd, 'get')) {
        if (args.length !== 1)
          return done(
            shell,
            args.length === 0
              ? 'Error: need at least a destination address'
              : `podpath: "ip route get ${args.join(' ')}": only a destination address is modelled`,
            255,
          );
        const r = routeGet(shell.lab, ns, args[0]);
        return done(shell, r.lines, r.exitCode);
      }
      if (!isShow(cmd)) return notModelled(shell, `ip route ${cmd}`);
      if (args[0] === 'table') return ipRouteTableCommand(shell, args.slice(1));
      const f = devFilter(args);
      if (f.error) return done(shell, f.error, 255);
      const r = showRoutes(ns, f.dev);
      return done(shell, r.lines, r.exitCode);
    }
    case 'neighbor':
    case 'neighbour': {
      if (!isShow(cmd)) return notModelled(shell, `ip neigh ${cmd}`);
      const f = devFilter(args);
      if (f.error) return done(shell, f.error, 255);
      const r = showNeigh(shell.lab, ns, f.dev);
      return done(shell, r.lines, r.exitCode);
    }
    case 'rule':
      return ipRuleCommand(shell, rest);
    case undefined:
      return done(shell, `Object "${objArg}" is unknown, try "ip help".`, 1);
    default:
      return notModelled(shell, `ip ${object}`);
  }
}
