/**
 * The scenario editor's text: the scenario on screen as YAML (a sample's own file when it is
 * unchanged, else the scenario serialised), and reading edited text back with the engine's
 * schema — errors at their line, notices for what a manifest import read past. Loaded with
 * the editor only (the YAML parser and the validator stay out of the first load).
 */
import { stringify } from 'yaml';
import type { Scenario } from '../../engine';
import type { ScenarioError } from '../../engine';
import { parseScenario } from '../../engine/io';
import { formatScenarioError } from '../../engine/shell';
import { engine } from '../store/engine-runtime';
import { countLimitErrors, drawLimitErrors } from '../store/lab-limits';

/** Larger than any scenario the lab can draw; a bigger file is refused before it is parsed. */
export const MAX_SCENARIO_BYTES = 1_000_000;

/**
 * Above this the editor checks the text on Apply only: the YAML parser reads about 150 KB a
 * second in Chromium (measured: 1 MB of manifests took 4 to 8 s), too slow to run on every edit.
 */
export const LIVE_CHECK_BYTES = 200_000;

export const textBytes = (text: string): number => new TextEncoder().encode(text).length;

export type ReadResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly notices: readonly string[] }
  /** `tooLarge`: refused for its size (bytes, or more nodes or pods than the lab takes), not for its content */
  | { readonly ok: false; readonly errors: readonly ScenarioError[]; readonly tooLarge?: boolean };

export function readScenarioText(text: string): ReadResult {
  const bytes = textBytes(text);
  if (bytes > MAX_SCENARIO_BYTES)
    return {
      ok: false,
      errors: [{ path: '', message: `the text is ${(bytes / 1e6).toFixed(1)} MB; the lab reads scenarios up to ${MAX_SCENARIO_BYTES / 1e6} MB` }],
      tooLarge: true,
    };
  const r = parseScenario(text);
  if (!r.ok) return r;
  const counted = countLimitErrors({ nodes: r.scenario.cluster.nodes.length, pods: r.scenario.cluster.pods });
  if (counted.length) return { ok: false, errors: counted, tooLarge: true };
  // the schema accepts it; the build may still refuse (a pod on no node, an address taken twice)
  const built = engine().createLab(r.scenario);
  if (!built.ok) return { ok: false, errors: built.errors };
  const tooLarge = drawLimitErrors(built.lab.cluster);
  if (tooLarge.length) return { ok: false, errors: tooLarge, tooLarge: true };
  return { ok: true, scenario: r.scenario, notices: r.notices ?? [] };
}

/** The scenario as YAML the schema reads back (policies as their manifests, as a share link carries them). */
export function scenarioToYaml(s: Scenario): string {
  const policies = s.cluster.networkPolicies;
  const data = { ...s, cluster: { ...s.cluster, networkPolicies: policies.map((p) => engine().policyManifest(p)) } };
  return stringify(data, { lineWidth: 0, flowCollectionPadding: true });
}

export function errorLine(e: ScenarioError): string {
  return formatScenarioError(e);
}

/** The scenario with manifests added: they merge when the text is read again (SCENARIOS.md `manifests:`). */
export function withManifests(s: Scenario, manifests: string): string {
  return scenarioToYaml({ ...s, cluster: { ...s.cluster, manifests } });
}

/** A file name from the scenario's name: metadata.name is free text, a file name is not. */
export function fileName(name: string): string {
  return `${name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'scenario'}.yaml`;
}
