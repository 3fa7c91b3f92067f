/**
 * nftables text as nft 1.1 prints it (NFT src/rule.c table_print, chain_print_declaration,
 * set_print_declaration, do_set_print, prio2str; src/expression.c set_expr_print,
 * calculate_delim, set_elem_expr_print; src/datatype.c time_print). Leading whitespace is
 * TAB; a set's elements continue on `,\n` + 3 TABs + 5 spaces; no trailing spaces.
 *
 * What nft normalises when it prints back what kube-proxy wrote (notes §1.6): `mark` is
 * `meta mark`, `or`/`xor`/`and` are `|`/`^`/`&`, marks are 8-digit hex, a one-element
 * anonymous set loses its braces, priorities are symbolic, the ip-family default reject
 * (ICMP port unreachable) prints as a bare `reject`.
 *
 * Simplified: no `# handle N` (`-a`), no counters other than `counter packets 0 bytes 0`,
 * and runtime elements of dynamic sets (affinity) are not listed.
 */
import type { NftChain, NftElement, NftRule, NftSet, NftStmt, NftTable, NftVerdict } from '../model/datapath';

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export function formatVerdict(v: NftVerdict): string {
  return v.kind === 'goto' || v.kind === 'jump' ? `${v.kind} ${v.chain}` : v.kind;
}

function matchValue(key: string, v: string): string {
  return key === 'iifname' || key === 'oifname' ? `"${v}"` : v;
}

export function formatStmt(s: NftStmt): string {
  switch (s.s) {
    case 'match': {
      const op = s.op === '!=' ? '!= ' : '';
      const vals = typeof s.value === 'string' ? [s.value] : s.value;
      const v = vals.length === 1 ? matchValue(s.key, vals[0]) : `{ ${vals.map((x) => matchValue(s.key, x)).join(', ')} }`;
      return `${s.key} ${op}${v}`;
    }
    case 'lookup':
      return `${s.keys.join(' . ')} ${s.op === '!=' ? '!= ' : ''}${s.vmap ? 'vmap ' : ''}@${s.set}`;
    case 'mark-test':
      return `meta mark & ${hex(s.mask)} ${s.op} ${hex(s.value)}`;
    case 'mark-set':
      return `meta mark set meta mark${s.or !== undefined ? ` | ${hex(s.or)}` : ''}${s.xor !== undefined ? ` ^ ${hex(s.xor)}` : ''}`;
    case 'numgen':
      return `numgen random mod ${s.mod} vmap { ${s.map.map((m) => `${m.n} : ${formatVerdict(m.verdict)}`).join(', ')} }`;
    case 'dnat':
      return `dnat to ${s.to}${s.port !== undefined ? `:${s.port}` : ''}`;
    case 'dnat-map':
      return `dnat ip to numgen random mod ${s.mod} map { ${s.map.map((m) => `${m.n} : ${m.to} . ${m.port}`).join(', ')} }`;
    case 'set-update':
      return `update @${s.set} { ${s.keys.join(' . ')} }`;
    case 'masquerade':
      return `masquerade${s.fullyRandom ? ' fully-random' : ''}`;
    case 'reject':
      return s.with ? `reject with ${s.with}` : 'reject';
    case 'verdict':
      return formatVerdict(s.verdict);
    case 'counter':
      return 'counter packets 0 bytes 0';
  }
}

/** One rule as `nft list` prints it inside its chain (without the leading tabs). */
export function formatRule(r: NftRule): string {
  const body = r.stmts.map(formatStmt).join(' ');
  return r.comment !== undefined ? `${body} comment "${r.comment}"` : body;
}

const rowCache = new WeakMap<NftRule, string>();

/** formatRule, cached per rule record (the walk shows the deciding rule of every hook). */
export function ruleRow(r: NftRule): string {
  let row = rowCache.get(r);
  if (row === undefined) rowCache.set(r, (row = formatRule(r)));
  return row;
}

/** A chain's rules as printed (the inspector highlights the deciding one among them). */
export function chainRuleRows(c: NftChain): readonly string[] {
  return c.rules.map(ruleRow);
}

const STD_PRIOS: readonly [number, string][] = [
  [-300, 'raw'],
  [-150, 'mangle'],
  [-100, 'dstnat'],
  [0, 'filter'],
  [50, 'security'],
  [100, 'srcnat'],
];

/** std_prio_family_hook_compat for the ip/inet families. */
function compatible(prio: number, hook: string): boolean {
  if (prio === -100) return hook === 'prerouting' || hook === 'output';
  if (prio === 100) return hook === 'input' || hook === 'postrouting';
  return true;
}

/** prio2str: a standard priority within 10 prints as `name`, `name + N` or `name - N`, when the hook allows that name. */
export function formatPriority(prio: number, hook: string): string {
  for (const [std, name] of STD_PRIOS) {
    const off = prio - std;
    if (Math.abs(off) > 10) continue;
    if (!compatible(std, hook)) break;
    return off > 0 ? `${name} + ${off}` : off < 0 ? `${name} - ${-off}` : name;
  }
  return String(prio);
}

/** time_print: 10800 s → `3h`. */
export function formatDuration(seconds: number): string {
  let ms = seconds * 1000;
  const parts: [number, string][] = [];
  for (const [unit, name] of [
    [86400000, 'd'],
    [3600000, 'h'],
    [60000, 'm'],
    [1000, 's'],
  ] as const) {
    parts.push([Math.floor(ms / unit), name]);
    ms %= unit;
  }
  parts.push([ms, 'ms']);
  const out = parts
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join('');
  return out || '0s';
}

function elementText(e: NftElement): string {
  return `${e.key.join(' . ')}${e.comment !== undefined ? ` comment "${e.comment}"` : ''}${e.value ? ` : ${formatVerdict(e.value)}` : ''}`;
}

/** calculate_delim: one element per line for maps, concatenations, comments and timeouts; else 2 addresses or 5 numbers per line. */
function perLine(set: NftSet): number {
  const own =
    set.kind === 'map' ||
    set.type.length > 1 ||
    set.timeout !== undefined ||
    set.flags?.includes('timeout') ||
    set.elements.some((e) => e.comment !== undefined);
  if (own) return 1;
  const t = set.type[0];
  if (t === 'ipv4_addr' || t === 'ct_state' || t === 'ct_status') return 2;
  if (t === 'inet_service' || t === 'inet_proto' || t === 'integer' || t === 'mark') return 5;
  return 1;
}

function ipNum(key: string): number {
  const [a, b, c, d] = key.split('/')[0].split('.').map(Number);
  return (((a << 24) | (b << 16) | (c << 8) | d) >>> 0) + (key.includes('/') ? 0 : 0.5);
}

/** The `elements = { … }` line(s), or none for an empty set. */
function elementLines(set: NftSet): string[] {
  if (set.elements.length === 0) return [];
  // interval sets are printed sorted (segtree.c interval_map_decompose); hash sets in their hash-walk order (the lab: insertion order)
  const els = set.flags?.includes('interval') && set.type.length === 1 ? [...set.elements].sort((a, b) => ipNum(a.key[0]) - ipNum(b.key[0])) : set.elements;
  const n = perLine(set);
  const rows: string[] = [];
  for (let i = 0; i < els.length; i += n)
    rows.push(
      els
        .slice(i, i + n)
        .map(elementText)
        .join(', '),
    );
  return `\t\telements = { ${rows.join(',\n\t\t\t     ')} }`.split('\n');
}

/** set_print_declaration + elements, indented as inside `table … {`. */
export function setLines(set: NftSet): string[] {
  const out = [`\t${set.kind} ${set.name} {`, `\t\ttype ${set.type.join(' . ')}${set.valueType ? ` : ${set.valueType}` : ''}`];
  const flags = set.flags ?? [];
  const shown = flags.filter((f) => f !== 'timeout' || set.timeout === undefined);
  if (shown.some((f) => f === 'constant' || f === 'dynamic' || f === 'interval' || f === 'timeout')) {
    const order = ['constant', 'dynamic', 'interval', 'timeout'] as const;
    out.push(`\t\tflags ${order.filter((f) => flags.includes(f)).join(',')}`);
  }
  if (set.timeout !== undefined) out.push(`\t\ttimeout ${formatDuration(set.timeout)}`);
  if (set.comment !== undefined) out.push(`\t\tcomment "${set.comment}"`);
  out.push(...elementLines(set), '\t}');
  return out;
}

/** chain_print: declaration, rules, closing brace, indented as inside `table … {`. */
export function chainLines(c: NftChain): string[] {
  const out = [`\tchain ${c.name} {`];
  if (c.comment !== undefined) out.push(`\t\tcomment "${c.comment}"`);
  if (c.base)
    out.push(`\t\ttype ${c.base.type} hook ${c.base.hook} priority ${formatPriority(c.base.priority, c.base.hook)}; policy ${c.base.policy ?? 'accept'};`);
  for (const r of c.rules) out.push(`\t\t${formatRule(r)}`);
  out.push('\t}');
  return out;
}

/** `nft list table FAMILY NAME`: comment, sets and maps, then chains, one blank line between objects. */
export function listTable(t: NftTable): string[] {
  const out = [`table ${t.family} ${t.name} {`];
  if (t.comment !== undefined) out.push(`\tcomment "${t.comment}"`);
  const objects = [...t.sets.map(setLines), ...t.chains.map(chainLines)];
  objects.forEach((o, i) => {
    if (i > 0) out.push('');
    out.push(...o);
  });
  out.push('}');
  return out;
}

/** `nft list chain FAMILY TABLE NAME`: the chain inside its table's declaration. */
export function listChain(t: NftTable, c: NftChain): string[] {
  return [`table ${t.family} ${t.name} {`, ...chainLines(c), '}'];
}

/** `nft list set|map FAMILY TABLE NAME`. */
export function listSet(t: NftTable, s: NftSet): string[] {
  return [`table ${t.family} ${t.name} {`, ...setLines(s), '}'];
}
