/**
 * What the fuzzer throws inputs at: every parser that reads something a person or another
 * tool hands the lab — scenario files (YAML and JSON), share links, terminal command lines,
 * stored progress. An input passes when it is accepted, or rejected with a message that says
 * what is wrong (for files: the field's path or the line). A throw is a crash.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { createLab, runProbe, type Lab, type Scenario } from '../../src/engine';
import { parseScenario, validateScenario } from '../../src/engine/io';
import { COMMANDS, runCommand } from '../../src/engine/cli/dispatch';
import { decodeShareHash } from '../../src/ui/store/share-link';
import { loadEngine } from '../../src/ui/store/engine-runtime';
import { importManifests, formatManifestError } from '../../src/engine/manifests';
import { aliasBomb, HOSTILE, mutateJson, mutateText, pick, type Rng } from './mutate';
import { storedProgress } from './progress-target';

export type Outcome = { readonly kind: 'accepted' } | { readonly kind: 'rejected'; readonly messages: readonly string[] };

export interface Target {
  readonly name: string;
  readonly input: (r: Rng, i: number) => string;
  readonly run: (input: string) => Outcome | Promise<Outcome>;
  /** a rejection must say what is wrong; this checks one message */
  readonly namesWhat: (message: string) => boolean;
}

const dir = join(process.cwd(), 'public', 'scenarios');
export const SAMPLE_TEXTS: readonly string[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));
const SAMPLES: readonly Scenario[] = SAMPLE_TEXTS.map((t) => {
  const r = parseScenario(t);
  if (!r.ok) throw new Error('a sample scenario does not parse');
  return r.scenario;
});

/** An accepted scenario must also build and run its first probes without throwing. */
function buildAndProbe(s: Scenario): Outcome {
  const built = createLab(s);
  if (!built.ok) return { kind: 'rejected', messages: built.errors.map((e) => `${e.path}: ${e.message}`) };
  let lab = built.lab;
  for (const p of s.probes.slice(0, 2)) lab = runProbe(lab, p).lab;
  return { kind: 'accepted' };
}

const fieldOrLine = (m: string) => /^(line \d+: )?[\w.[\]-]+: .+/.test(m) || /^line \d+: .+/.test(m);

export const scenarioYaml: Target = {
  name: 'scenario YAML',
  input: (r, i) => (i % 997 === 0 ? aliasBomb(3 + (i % 7)) : mutateText(pick(r, SAMPLE_TEXTS), r)),
  run: (text) => {
    const p = parseScenario(text);
    if (!p.ok)
      return { kind: 'rejected', messages: p.errors.map((e) => `${e.line !== undefined ? `line ${e.line}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`) };
    return buildAndProbe(p.scenario);
  },
  namesWhat: (m) => fieldOrLine(m),
};

export const scenarioJson: Target = {
  name: 'scenario JSON',
  input: (r) => JSON.stringify(mutateJson(pick(r, SAMPLES), r)),
  run: (text) => {
    const v = validateScenario(JSON.parse(text));
    if (!v.ok) return { kind: 'rejected', messages: v.errors.map((e) => `${e.path || '(top)'}: ${e.message}`) };
    return buildAndProbe(v.scenario);
  },
  namesWhat: (m) => /^[\w.[\]()-]+: .+/.test(m),
};

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
/** a v2 link built with Node's zlib, not the page's CompressionStream: the format is plain deflate-raw (RFC 1951) */
const v2 = (data: unknown, v = 2) => `#v=${v}&s=${deflateRawSync(Buffer.from(JSON.stringify(data), 'utf8')).toString('base64url')}`;
let bomb = '';
const FORM = { from: 'client', to: 'web-1', protocol: 'icmp', qtype: '', size: '56', port: '', df: false };

/** a v2 envelope as the page writes it: a sample scenario and the moment around it */
function envelopeOf(r: Rng, s: Scenario): Record<string, unknown> {
  const pod = pick(r, s.cluster.pods).name;
  return {
    scenario: s,
    probe: s.probes[0] ?? { from: pod, to: pick(r, s.cluster.pods).name, protocol: 'icmp' },
    form: { ...FORM, from: pod },
    cursor: Math.floor(r() * 40),
    selected: pick(r, [null, s.cluster.nodes[0].name, 'nowhere']),
    drawerTab: pick(r, ['details', 'terminal', 'policies', 'compare', 'flows', 'scenario']),
    drawerOpen: r() < 0.8,
    drawerTall: r() < 0.3,
    presenter: r() < 0.3,
  };
}

export const shareLink: Target = {
  name: 'share link',
  input: (r) => {
    const s = pick(r, SAMPLES);
    // v1 links still open; v2 envelopes are mutated anywhere (the scenario, the probe, the moment)
    const base = r() < 0.3 ? `#scenario=${b64url(JSON.stringify(mutateJson(s, r)))}` : v2(r() < 0.6 ? mutateJson(envelopeOf(r, s), r) : envelopeOf(r, s));
    const k = r();
    if (k < 0.2) return base.slice(0, Math.floor(r() * base.length)); // cut off in a chat message
    if (k < 0.35) return base.replace(/[A-Za-z](?=[^=]*$)/, pick(r, ['%', '!', ' ', '+', '/', '=', 'é']));
    if (k < 0.42) return pick(r, [`#scenario=${b64url(pick(r, HOSTILE))}`, v2(pick(r, HOSTILE)), `#v=2&s=${b64url(pick(r, HOSTILE))}`]);
    if (k < 0.47) return base.replace(/^#v=2/, `#v=${pick(r, ['3', '99', '0', '-1', 'x', '', '2.0', '1e3'])}`);
    if (k < 0.49) return (bomb ||= v2(' '.repeat(2 * 1024 * 1024))); // a deflate bomb: refused at the size cap
    return base;
  },
  run: async (hash) => {
    await loadEngine();
    const d = await decodeShareHash(hash);
    if (d.kind === 'error') return { kind: 'rejected', messages: d.errors };
    // what the page does next: re-run the link's probe on the restored lab
    if (d.kind === 'ok' && d.view?.probe) runProbe(d.lab, d.view.probe);
    return { kind: 'accepted' };
  },
  namesWhat: (m) => m.length > 10,
};

let terminalLab: Lab | null = null;
const WORDS = Object.entries(COMMANDS).flatMap(([name, c]) => [name, ...(c.words ?? [])]);
const PLACES = ['node1', 'node2', 'client', 'default/web-0', 'nope', 'kube-system/coredns-0', ''];

export const terminalLine: Target = {
  name: 'terminal line',
  input: (r) => {
    const n = 1 + Math.floor(r() * 6);
    const words = [pick(r, Object.keys(COMMANDS))];
    for (let i = 1; i < n; i++)
      words.push(r() < 0.7 ? pick(r, WORDS) : pick(r, [...HOSTILE, '10.244.1.2', 'web-1', '-c', '1', "'", '"', '\\', '|', ';', '$(x)', '`x`']));
    return `${pick(r, PLACES)}\t${words.join(' ')}`;
  },
  run: (input) => {
    const [where, line] = input.split('\t');
    if (!terminalLab) {
      const r = createLab(SAMPLES[SAMPLE_TEXTS.findIndex((t) => /name: flannel-vxlan/.test(t))]);
      if (!r.ok) throw new Error('the default sample does not build');
      terminalLab = r.lab;
    }
    const res = runCommand(terminalLab, where, line);
    if (typeof res.output !== 'string' || !Number.isInteger(res.exitCode)) throw new Error('a command answered without output or exit code');
    if (res.exitCode === 0) return { kind: 'accepted' };
    // the real tools print nothing here: curl -s without -S hides its error (curl(1) --silent),
    // and getent's failed lookup is silent with exit 2 (glibc nss/getent.c)
    const silent = (/^curl\b/.test(line) && /\s-s\b/.test(line) && !/\s-S\b/.test(line)) || (/^getent\b/.test(line) && res.exitCode === 2);
    return { kind: 'rejected', messages: silent && res.output === '' ? [`(silent, exit ${res.exitCode}, as the real command)`] : [res.output] };
  },
  namesWhat: (m) => m.trim().length > 0,
};

const MANIFESTS = ['seed-examples.yaml', 'kubectl-get-export.yaml', 'seed-calico-policy.yaml'].map((f) =>
  readFileSync(join(process.cwd(), 'public', 'manifests', f), 'utf8'),
);

export const manifests: Target = {
  name: 'manifests',
  input: (r, i) => (i % 997 === 0 ? aliasBomb(4) : mutateText(pick(r, MANIFESTS), r)),
  run: (text) => {
    const out = importManifests(text, { nodes: [{ name: 'node1' }, { name: 'node2', labels: { disk: 'ssd' } }], pods: [] });
    return out.ok ? { kind: 'accepted' } : { kind: 'rejected', messages: out.errors.map(formatManifestError) };
  },
  namesWhat: (m) => /^document \d+(, line \d+)?: .+/.test(m),
};

export const TARGETS: readonly Target[] = [scenarioYaml, scenarioJson, shareLink, terminalLine, manifests, storedProgress];
