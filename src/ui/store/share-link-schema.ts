/**
 * The v2 share link's envelope, checked field by field before anything in it is used. Loaded
 * on demand with the link (it brings zod, which the first load must not: ui/first-load.test.ts).
 * The scenario inside is checked by the engine's own schema (engine/io validateScenario); the
 * probe by the engine's probe schema, read off the scenario schema so the two cannot drift.
 */
import { z } from 'zod';
import { scenarioSchema } from '../../engine/io';
import { PROTOCOLS, QTYPES, type Protocol } from '../panels/send-form-values';
import type { DrawerTab } from './lab-state';

const DRAWER_TABS = ['details', 'terminal', 'policies', 'compare', 'flows', 'scenario'] as const satisfies readonly DrawerTab[];

const PROTOCOL_VALUES = PROTOCOLS.map((p) => p.value) as [Protocol, ...Protocol[]];
const probe = scenarioSchema.shape.probes.unwrap().element;

const form = z
  .object({
    from: z.string().max(300),
    to: z.string().max(300).nullable(),
    protocol: z.enum(PROTOCOL_VALUES),
    qtype: z.enum(QTYPES),
    size: z.string().max(12),
    port: z.string().max(12),
    df: z.boolean(),
  })
  .strict();

export const envelopeSchema = z
  .object({
    /** checked apart, by the engine (validateScenario) */
    scenario: z.unknown(),
    probe: probe.optional(),
    form: form.optional(),
    /** the playback position: an index into the re-run probe's flattened hops */
    cursor: z.number().int().min(0).max(100_000).optional(),
    selected: z.string().min(1).max(300).nullable().optional(),
    drawerTab: z.enum(DRAWER_TABS).optional(),
    drawerOpen: z.boolean().optional(),
    drawerTall: z.boolean().optional(),
    presenter: z.boolean().optional(),
    /** what the probe gave where the link was made, to notice a re-run that differs */
    check: z
      .object({ verdict: z.string().max(40), reason: z.string().max(80), hops: z.number().int().min(0) })
      .strict()
      .optional(),
  })
  .strict();

export type Envelope = z.infer<typeof envelopeSchema>;

/** The envelope's problems as "field: message" lines (the scenario's own are the engine's). */
export function checkEnvelope(data: unknown): { ok: true; envelope: Envelope } | { ok: false; errors: string[] } {
  const r = envelopeSchema.safeParse(data);
  if (r.success) return { ok: true, envelope: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`) };
}
