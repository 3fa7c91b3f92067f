/**
 * Facts where the engine knowingly differs from the kernel, keyed `<section>/<case>: <fact key>`,
 * with the reason. oracle.test.ts runs these as `it.fails`: when the engine is fixed the test
 * fails, and the entry must go. Never add an entry to make a test pass without a reason
 * that names the kernel behaviour the engine does not model.
 */
export const KNOWN_DISAGREEMENTS: Readonly<Record<string, string>> = {};
