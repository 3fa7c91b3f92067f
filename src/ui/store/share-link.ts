/**
 * Share links: the lab's exact moment in the URL hash. v2 (what this build writes) is
 * `#v=2&s=<base64url(deflate-raw(JSON))>`: the scenario (its faults and MTUs inside), the last
 * probe, the send form, the playback position, the selected namespace, the open panel and
 * presenter mode. v1, `#scenario=<base64url(JSON)>`, the scenario alone, still opens as it did.
 * Decoding never throws: a bad link yields a message for the error banner, and the app keeps or
 * falls back to the default lab (ARCHITECTURE.md: "never a blank page"). Everything decoded is
 * validated before use: the scenario by the engine's schema, the rest by share-link-schema.ts
 * (both loaded with the link, not with the page).
 */
import type { Lab, ProbeSpec, Scenario } from '../../engine';
import { engine } from './engine-runtime';
import { formatScenarioError } from '../../engine/shell';
import type { DrawerTab, LabState } from './lab-state';
import type { SendFormValues } from '../panels/send-form-values';
import { deflate, formatBytes, fromBase64Url, inflate, toBase64Url } from './share-link-codec';
import { countLimitErrors, drawLimitErrors } from './lab-limits';

import { HASH_KEY } from './share-link-hash';

export { HASH_KEY, hasShareLink } from './share-link-hash';
/** the newest link version this build reads (and the one it writes) */
export const LINK_VERSION = 2;
/** a longer hash is refused before decoding (browsers and chat apps cut far shorter URLs anyway) */
export const MAX_HASH_CHARS = 64 * 1024;
/** what a link may inflate to: the largest sample scenario is ~20 KiB of JSON; this stops deflate bombs */
export const MAX_JSON_BYTES = 1024 * 1024;

/** The moment a v2 link carries. */
export interface LinkMoment {
  readonly scenario: Scenario;
  readonly probe: ProbeSpec | null;
  readonly form: SendFormValues;
  readonly cursor: number;
  readonly selected: string | null;
  readonly drawerTab: DrawerTab;
  readonly drawerOpen: boolean;
  readonly drawerTall: boolean;
  readonly presenter: boolean;
  /** what the probe gave where the link was made (verdict, reason, hops played) */
  readonly check?: { readonly verdict: string; readonly reason: string; readonly hops: number };
}

/** The moment of the lab page as it is. */
export function momentOf(s: LabState): LinkMoment {
  return {
    scenario: s.scenario,
    probe: s.probe,
    form: s.sendForm,
    cursor: s.cursor,
    selected: s.selected,
    drawerTab: s.drawerTab,
    drawerOpen: s.drawerOpen,
    drawerTall: s.drawerTall,
    presenter: s.presenter,
    ...(s.trace && s.playback ? { check: { verdict: s.trace.verdict, reason: s.trace.reason, hops: s.playback.hops.length } } : {}),
  };
}

/**
 * The scenario as a link carries it: what the schema reads back. Its NetworkPolicies are held
 * parsed (normalised records), so a Kubernetes policy travels as its manifest.
 */
function portableScenario(scenario: Scenario): unknown {
  const policies = scenario.cluster.networkPolicies;
  return policies.length ? { ...scenario, cluster: { ...scenario.cluster, networkPolicies: policies.map((p) => engine().policyManifest(p)) } } : scenario;
}

/** v1: base64url(JSON) of the scenario alone (kept for tests and tools that still write it). */
export function encodeScenario(scenario: Scenario): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(portableScenario(scenario))));
}

/** v1 hash `#scenario=…`. */
export function shareHash(scenario: Scenario): string {
  return `#${HASH_KEY}=${encodeScenario(scenario)}`;
}

/** v2 hash of a moment: the envelope's JSON, deflated, base64url. */
export async function encodeMoment(m: LinkMoment): Promise<string> {
  const { scenario, probe, ...rest } = m;
  const envelope = { scenario: portableScenario(scenario), ...(probe ? { probe } : {}), ...rest };
  const packed = await deflate(new TextEncoder().encode(JSON.stringify(envelope)));
  return `#v=${LINK_VERSION}&s=${toBase64Url(packed)}`;
}

/** What a v2 link restores beside the scenario (validated). */
export type LinkView = Omit<LinkMoment, 'scenario'>;

/** why a link was refused: the banner's title says it in words */
export type LinkProblem = 'invalid' | 'corrupt' | 'too-large' | 'newer';

export type DecodedLink =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly lab: Lab; readonly version: 1 | 2; readonly view?: LinkView }
  | { readonly kind: 'error'; readonly problem: LinkProblem; readonly errors: readonly string[] };

const params = (hash: string) => new URLSearchParams(hash.replace(/^#/, ''));
const fail = (problem: LinkProblem, ...errors: string[]): DecodedLink => ({ kind: 'error', problem, errors });
const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Reads a share link (v1 or v2) from a location hash; validates all of it before returning it. */
export async function decodeShareHash(hash: string): Promise<DecodedLink> {
  const p = params(hash);
  const v = p.get('v');
  const legacy = p.get(HASH_KEY);
  if (v === null && legacy === null) return { kind: 'none' };
  if (hash.length > MAX_HASH_CHARS)
    return fail('too-large', `the link is ${formatBytes(hash.length)} long; podpath reads links up to ${formatBytes(MAX_HASH_CHARS)}`);
  if (v === null || (v === '1' && legacy !== null)) return decodeV1(legacy ?? '');
  if (!/^\d{1,9}$/.test(v)) return fail('corrupt', `the link's version "v=${v.slice(0, 12)}" is not a number`);
  const n = Number(v);
  if (n > LINK_VERSION) return fail('newer', `the link was made by a newer podpath (v${n}); this one reads up to v${LINK_VERSION}`);
  if (n !== LINK_VERSION) return fail('corrupt', `the link says version v${n}, which podpath never wrote`);
  const s = p.get('s');
  if (s === null || s === '') return fail('corrupt', 'the link has a version (v=2) but no data (s=…): it was cut short');
  let data: unknown;
  try {
    const json = await inflate(fromBase64Url(s), MAX_JSON_BYTES);
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    return fail(e instanceof RangeError ? 'too-large' : 'corrupt', `the link could not be decoded: ${why(e)}`);
  }
  const [{ validateScenario }, { checkEnvelope }] = await Promise.all([import('../../engine/io'), import('./share-link-schema')]);
  const env = checkEnvelope(data);
  if (!env.ok) return fail('invalid', ...env.errors.map((e) => `link ${e}`));
  const { scenario, probe, form, check, ...view } = env.envelope;
  // a scenario that is not even an object has no field to name: say it is the link's scenario
  const built = buildLab(validateScenario, scenario, 'link scenario');
  if (!built.ok) return built.error;
  const { lab } = built;
  const selected = view.selected ?? null;
  if (selected !== null && !lab.cluster.netns[selected]) return fail('invalid', `link selected: "${selected.slice(0, 80)}" is not a namespace of this lab`);
  return {
    kind: 'ok',
    lab,
    version: 2,
    view: {
      probe: probe ?? null,
      form: form ?? (await import('../panels/send-form-values')).DEFAULT_SEND_FORM,
      cursor: view.cursor ?? 0,
      selected,
      drawerTab: view.drawerTab ?? 'details',
      drawerOpen: view.drawerOpen ?? true,
      drawerTall: view.drawerTall ?? false,
      presenter: view.presenter ?? false,
      ...(check ? { check } : {}),
    },
  };
}

type Validate = (typeof import('../../engine/io'))['validateScenario'];

function buildLab(validateScenario: Validate, data: unknown, top?: string): { ok: true; lab: Lab } | { ok: false; error: DecodedLink } {
  const parsed = validateScenario(data);
  if (!parsed.ok) return { ok: false, error: fail('invalid', ...parsed.errors.map((e) => (top && !e.path ? `${top}: ${e.message}` : formatScenarioError(e)))) };
  // more nodes or pods than the lab takes: refused before the build (a link must not hang the page)
  const counted = countLimitErrors({ nodes: parsed.scenario.cluster.nodes.length, pods: parsed.scenario.cluster.pods });
  if (counted.length) return { ok: false, error: fail('too-large', ...counted.map((e) => formatScenarioError(e))) };
  const built = engine().createLab(parsed.scenario);
  if (!built.ok) return { ok: false, error: fail('invalid', ...built.errors.map((e) => formatScenarioError(e))) };
  const placed = drawLimitErrors(built.lab.cluster);
  if (placed.length) return { ok: false, error: fail('too-large', ...placed.map((e) => formatScenarioError(e))) };
  return { ok: true, lab: built.lab };
}

/** v1: `#scenario=<base64url(JSON)>`, the scenario alone. */
async function decodeV1(raw: string): Promise<DecodedLink> {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(raw)));
  } catch (e) {
    return fail('corrupt', `the link could not be decoded: ${why(e)}`);
  }
  const { validateScenario } = await import('../../engine/io');
  const built = buildLab(validateScenario, data);
  return built.ok ? { kind: 'ok', lab: built.lab, version: 1 } : built.error;
}
