/**
 * Zod's parsers compile a fast path with `new Function` when the page allows eval, and probe for
 * it once with a caught `new Function("")`: under the page's CSP (no 'unsafe-eval', vite.config.ts)
 * that probe is still reported as a `securitypolicyviolation`. `jitless` skips the probe (zod
 * 4.x, v4/core/util.js `allowsEval`). Zod loads only with the validator's lazy chunks, after
 * this first-load module ran; it keeps a config object it finds on globalThis
 * (v4/core/core.js: `globalThis.__zod_globalConfig ??= {}`), so the setting is in place before
 * any schema exists without pulling zod into the first load. e2e/csp.spec.ts checks for zero
 * violations.
 */
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
g.__zod_globalConfig = { ...g.__zod_globalConfig, jitless: true };
