/**
 * `npm run fuzz [-- --count N --seed S --only NAME]`: at least 10,000 generated and mutated
 * inputs at each parser (test/fuzz/targets.ts), then one line per target with its counts and
 * a closing line; the first crashes, hangs and unclear rejections are printed with their input
 * so they can be reproduced (the same seed gives the same inputs). Exit 1 on any of them.
 * A smaller seeded run is part of `npm test` (test/fuzz/fuzz.test.ts).
 */
import { fuzz } from '../test/fuzz/run';
import { TARGETS } from '../test/fuzz/targets';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const count = Number(arg('count', '10000'));
const seed = Number(arg('seed', '20261202'));
const only = arg('only', '');

let bad = 0;
for (const t of TARGETS.filter((x) => !only || x.name.includes(only))) {
  const r = await fuzz(t, count, seed);
  console.log(
    `${r.target.padEnd(16)} ${String(r.inputs).padStart(6)} inputs: ${r.accepted} accepted, ${r.rejected} rejected, ` +
      `${r.crashes.length} crashes, ${r.hangs.length} hangs, ${r.unclear.length} unclear  (${(r.ms / 1000).toFixed(1)} s)`,
  );
  for (const c of r.crashes.slice(0, 3))
    console.log(`  CRASH on ${JSON.stringify(c.input.slice(0, 300))}\n    ${c.error.split('\n').slice(0, 4).join('\n    ')}`);
  for (const h of r.hangs.slice(0, 3)) console.log(`  HANG ${h.ms.toFixed(0)} ms on ${JSON.stringify(h.input.slice(0, 300))}`);
  for (const u of r.unclear.slice(0, 3)) console.log(`  UNCLEAR ${JSON.stringify(u.message.slice(0, 200))} for ${JSON.stringify(u.input.slice(0, 200))}`);
  bad += r.crashes.length + r.hangs.length + r.unclear.length;
}
console.log(bad === 0 ? 'fuzz: 0 crashes, 0 hangs, 0 unclear rejections' : `fuzz: ${bad} problems`);
process.exit(bad === 0 ? 0 : 1);
