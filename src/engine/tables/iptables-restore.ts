/**
 * `iptables-restore --noflush` (iptables/iptables-restore.c, xtables-restore.c): `*table`
 * opens a table, `:CHAIN POLICY [p:b]` declares a chain (a built-in's policy is set; a user
 * chain is created, or flushed when it exists), `-A`/`-I` add rules, `COMMIT` applies the
 * table. Nothing is applied from a table whose COMMIT never comes, and an error names the
 * line, as iptables-restore does ("line 7 failed").
 */
import type { Chain, NetfilterTable, Netfilter, Rule } from '../model/datapath';
import { parseRuleArgs } from './iptables-parse';

const TABLES: readonly NetfilterTable[] = ['filter', 'nat', 'mangle', 'raw'];
const BUILTIN: Record<NetfilterTable, readonly string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

export function builtinChains(table: NetfilterTable): readonly string[] {
  return BUILTIN[table];
}

/** Splits one line into words, honouring "…" quotes with \\" escapes (iptables-restore's own tokenizer). */
export function splitWords(line: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        cur += line[j];
      }
      if (j >= line.length) return undefined;
      inWord = true;
      i = j;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

export type RestoreResult = { readonly ok: true; readonly netfilter: Netfilter } | { readonly ok: false; readonly line: number; readonly error: string };

function emptyTable(table: NetfilterTable): Record<string, Chain> {
  return Object.fromEntries(BUILTIN[table].map((c) => [c, { name: c, policy: 'ACCEPT' as const, rules: [] }]));
}

export function iptablesRestore(base: Netfilter, text: string): RestoreResult {
  let committed: Record<string, Record<string, Chain>> = Object.fromEntries(Object.entries(base).map(([t, c]) => [t, { ...c }]));
  let table: NetfilterTable | undefined;
  let work: Record<string, Chain> | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    const no = n + 1;
    const fail = (error: string): RestoreResult => ({ ok: false, line: no, error: `iptables-restore: line ${no} failed: ${error}` });
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      const t = line.slice(1) as NetfilterTable;
      if (!TABLES.includes(t)) return fail(`table '${t}' does not exist`);
      table = t;
      work = { ...(committed[t] ?? emptyTable(t)) };
      continue;
    }
    if (!table || !work) return fail('no table specified (a line before the first *table)');
    if (line === 'COMMIT') {
      committed = { ...committed, [table]: work };
      table = undefined;
      work = undefined;
      continue;
    }
    if (line.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(\s+\[\d+:\d+\])?$/.exec(line);
      if (!m) return fail(`bad chain line "${line}"`);
      const [, name, policy] = m;
      const builtin = BUILTIN[table].includes(name);
      if (builtin) {
        if (policy !== 'ACCEPT' && policy !== 'DROP') return fail(`bad policy "${policy}" for built-in chain ${name}`);
        work[name] = { ...(work[name] ?? { name, rules: [] }), policy };
      } else {
        if (policy !== '-') return fail(`a user-defined chain has no policy ("${policy}")`);
        work[name] = { name, rules: [] }; // --noflush still flushes a declared user chain
      }
      continue;
    }
    const words = splitWords(line);
    if (!words) return fail('unterminated quote');
    const [cmd, chain, ...rest] = words;
    if (cmd !== '-A' && cmd !== '-I') return fail(`only -A and -I are modelled here, not "${cmd}"`);
    const ch = work[chain ?? ''];
    if (!ch) return fail(`Chain '${chain ?? ''}' does not exist`);
    let args = rest;
    let pos = ch.rules.length;
    if (cmd === '-I') {
      pos = 0;
      if (/^\d+$/.test(args[0] ?? '')) {
        pos = Number(args[0]) - 1;
        args = args.slice(1);
      }
    }
    const parsed = parseRuleArgs(args);
    if (!parsed.ok) return fail(parsed.error);
    const target = parsed.rule.target;
    if (target.kind === 'JUMP' && !work[target.chain]) return fail(`Couldn't load target \`${target.chain}': No such file or directory`);
    const rules: Rule[] = [...ch.rules];
    rules.splice(Math.max(0, Math.min(pos, rules.length)), 0, parsed.rule);
    work[chain] = { ...ch, rules };
  }
  if (table) return { ok: false, line: lines.length, error: `iptables-restore: COMMIT expected at line ${lines.length}` };
  return { ok: true, netfilter: committed };
}
