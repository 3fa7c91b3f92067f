/**
 * `npx tsx scripts/render-icons.ts`: renders the PWA's PNG icons in public/icons/ from
 * public/favicon.svg with Playwright's Chromium, so a changed favicon can be carried over the
 * same way. The PNGs are committed; the build does not run this.
 *
 * - icon-192.png, icon-512.png ("any"): the favicon as it is, transparent outside its rounded square.
 * - maskable-512.png: a full-bleed background with the glyph inside the safe zone, the circle of
 *   radius 40% that every mask keeps (W3C Web App Manifest, "icon masks").
 * - apple-touch-icon.png (180): full-bleed and opaque; iOS rounds the corners itself.
 */
import { readFileSync, mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumPath } from './static-site';

const svg = readFileSync('public/favicon.svg', 'utf8');
const glyph = /<g[\s\S]*<\/g>/.exec(svg)?.[0];
const background = /<rect[^>]*fill="([^"]+)"/.exec(svg)?.[1];
if (!glyph || !background) throw new Error('public/favicon.svg: expected a <rect fill> background and a <g> glyph');

/** The glyph on a full square, scaled about the centre (0.72: its corners at 0.38 of the size from the centre). */
function fullBleed(scale: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" fill="${background}"/>` +
    `<g transform="translate(12 12) scale(${scale}) translate(-12 -12)">${glyph}</g></svg>`
  );
}

const icons: readonly { file: string; size: number; svg: string }[] = [
  { file: 'icon-192.png', size: 192, svg },
  { file: 'icon-512.png', size: 512, svg },
  { file: 'maskable-512.png', size: 512, svg: fullBleed(0.72) },
  { file: 'apple-touch-icon.png', size: 180, svg: fullBleed(0.86) },
];

const exe = chromiumPath();
const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu'] });
try {
  mkdirSync('public/icons', { recursive: true });
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const src = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString('base64')}`;
    await page.setContent(`<body style="margin:0"><img src="${src}" width="${icon.size}" height="${icon.size}" style="display:block"></body>`);
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    await page.locator('img').screenshot({ path: `public/icons/${icon.file}`, omitBackground: true });
    await page.close();
    console.log(`public/icons/${icon.file} (${icon.size}×${icon.size})`);
  }
} finally {
  await browser.close();
}
