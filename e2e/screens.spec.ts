/**
 * Every screen (issue 9): a phone (390×844) gets the canvas first and the panels as sheets;
 * at 1280×800 every canvas label is at least 11 px at the fitted zoom, the top bar is one
 * line, the canvas refits when the drawer moves, the hop list / inspector splitter works by
 * keyboard and the resting packet covers no label. Screenshots go to /tmp (SCREENS_SHOTS).
 */
import { test, expect } from './fixtures';
import { seriousViolations } from './pages/axe';
import { mkdirSync, readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

const dir = process.env.SCREENS_SHOTS ?? '/tmp/screens-shots';
mkdirSync(dir, { recursive: true });
const SAMPLES = readdirSync('public/scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

/** The viewport's scale, read from the transform React Flow sets on it. */
const zoomOf = (page: Page) => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a);
const transformOf = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);

/** Every rendered canvas text whose on-screen size (font-size × zoom) is under 11 px. */
const tinyLabels = (page: Page) =>
  page.evaluate(() => {
    const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
    const out: string[] = [];
    let seen = 0;
    for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node *')) {
      if (el.offsetParent === null || getComputedStyle(el).visibility === 'hidden') continue;
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')) continue;
      seen++;
      const px = parseFloat(getComputedStyle(el).fontSize) * zoom;
      if (px < 11) out.push(`${el.className} "${el.textContent!.trim().slice(0, 24)}" ${px.toFixed(1)}px`);
    }
    return { seen, out, zoom };
  });

/** The fit runs a frame after a change: wait until the viewport stops moving. */
async function settled(page: Page) {
  let last = '';
  await expect
    .poll(async () => {
      const now = await transformOf(page);
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

const noSideScroll = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth);

test.describe('a phone, 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the canvas fills the width, nothing scrolls sideways, every sheet opens and closes, a probe is sent and its verdict read', async ({ lab, page }) => {
    await lab.goto();
    const bar = page.getByRole('navigation', { name: 'Panels' });
    expect((await lab.canvas.boundingBox())!.width).toBeGreaterThanOrEqual(350);
    expect(await noSideScroll(page)).toBe(true);
    // the top bar's controls are all on screen
    for (const c of await page.locator('.topbar').locator('select, button, a').all()) {
      const b = (await c.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(390);
    }
    await settled(page);
    await page.screenshot({ path: `${dir}/390x844-01-first-load.png` });
    // the panels are out of the way until asked for
    await expect(lab.send).toBeHidden();
    await expect(lab.hops).toBeHidden();

    for (const [name, inside] of [
      ['Send a packet', lab.send],
      ['Faults', page.getByRole('heading', { name: /break something/i })],
      ['Trace', lab.play],
      ['Tools', page.getByRole('tab', { name: 'Details' })],
    ] as const) {
      const button = bar.getByRole('button', { name, exact: true });
      await button.click();
      await expect(button).toHaveAttribute('aria-expanded', 'true');
      await expect(inside).toBeVisible();
      // focus moved into the sheet, and the canvas is still there above it
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.sidebar, .drawer') !== null)).toBe(true);
      expect((await lab.canvas.boundingBox())!.height).toBeGreaterThan(150);
      expect(await noSideScroll(page)).toBe(true);
      await page.screenshot({ path: `${dir}/390x844-02-sheet-${name.split(' ')[0].toLowerCase()}.png` });
      await page.keyboard.press('Escape');
      await expect(button).toHaveAttribute('aria-expanded', 'false');
      await expect(button).toBeFocused();
      await expect(inside).toBeHidden();
    }

    // the close button shuts a sheet too
    await bar.getByRole('button', { name: 'Faults', exact: true }).click();
    await bar.getByRole('button', { name: 'Close Faults' }).click();
    await expect(bar.getByRole('button', { name: 'Faults', exact: true })).toHaveAttribute('aria-expanded', 'false');

    // a probe from the Send sheet: the Trace sheet opens with its verdict
    await bar.getByRole('button', { name: 'Send a packet', exact: true }).click();
    await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
    await expect(bar.getByRole('button', { name: 'Trace', exact: true })).toHaveAttribute('aria-expanded', 'true');
    await expect(lab.verdict).toBeVisible();
    await expect(lab.verdict).toContainText('delivered');
    await lab.pause.click();
    await expect(lab.hopItems.first()).toBeVisible();
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: `${dir}/390x844-03-trace-after-send.png` });
  });

  test('axe finds nothing serious on the phone: first load, the send sheet, the trace sheet with a trace', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.goto();
    expect(await seriousViolations(page)).toEqual([]);
    const bar = page.getByRole('navigation', { name: 'Panels' });
    await bar.getByRole('button', { name: 'Send a packet', exact: true }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
    await lab.pause.click();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe('a laptop, 1280×800', () => {
  test('every sample draws its labels at 11 px or more at the fitted zoom', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.goto();
    for (const s of SAMPLES) {
      await lab.scenario.selectOption(s);
      await settled(page);
      const r = await tinyLabels(page);
      expect(r.seen, s).toBeGreaterThan(10);
      expect(r.out, `${s} at zoom ${r.zoom.toFixed(3)}`).toEqual([]);
      if (['flannel-vxlan', 'services-dns', 'vpc-eni', 'cilium-vxlan'].includes(s)) await page.screenshot({ path: `${dir}/1280x800-sample-${s}.png` });
    }
  });

  test('the top bar is one line with nothing cut off', async ({ lab, page }) => {
    await lab.goto();
    const bar = (await page.locator('.topbar').boundingBox())!;
    expect(bar.height).toBeLessThanOrEqual(64);
    for (const c of await page.locator('.topbar').locator('select, button, a').all()) {
      const b = (await c.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(1280);
      expect(b.y + b.height).toBeLessThanOrEqual(bar.y + bar.height);
    }
    expect(await noSideScroll(page)).toBe(true);
  });

  test('hiding, showing and growing the tools drawer refits the canvas', async ({ lab, page }) => {
    await lab.goto();
    await settled(page);
    const before = await transformOf(page);
    await page.getByRole('button', { name: 'Hide tools' }).click();
    await expect.poll(() => transformOf(page)).not.toBe(before);
    await settled(page);
    const closed = await transformOf(page);
    await page.getByRole('button', { name: 'Show tools' }).click();
    await expect.poll(() => transformOf(page)).not.toBe(closed);
    await settled(page);
    expect(await transformOf(page)).toBe(before);
    // and so does the window (the drawing fits its height with the drawer hidden: it is centred)
    await page.getByRole('button', { name: 'Hide tools' }).click();
    await settled(page);
    const hidden = await transformOf(page);
    await page.setViewportSize({ width: 1280, height: 760 });
    await expect.poll(() => transformOf(page)).not.toBe(hidden);
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(11 / 13 - 1e-3);
  });

  test('the splitter between the hop list and the inspector: eight hops and more at first, arrow keys move it', async ({ lab, page }) => {
    await lab.goto();
    await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
    await lab.pause.click();
    await expect(lab.verdict).toContainText('delivered');
    const list = page.locator('.hop-list');
    const fullyShown = () =>
      list.evaluate((ol) => {
        const box = ol.getBoundingClientRect();
        return [...ol.querySelectorAll('li')].filter((li) => {
          const r = li.getBoundingClientRect();
          return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
        }).length;
      });
    expect(await lab.hopItems.count()).toBeGreaterThanOrEqual(8);
    expect(await fullyShown()).toBeGreaterThanOrEqual(6);
    // the inspector under it keeps room for its headers
    await lab.hopItems.filter({ hasText: 'wraps the frame' }).first().getByRole('button').click();
    expect((await page.locator('.inspector').boundingBox())!.height).toBeGreaterThanOrEqual(120);
    await page.screenshot({ path: `${dir}/1280x800-trace-split.png` });

    const splitter = page.getByRole('separator', { name: /hop list/ });
    const now = async () => Number(await splitter.getAttribute('aria-valuenow'));
    const start = await now();
    const h0 = (await list.boundingBox())!.height;
    await splitter.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await now()).toBe(start - 10);
    expect((await list.boundingBox())!.height).toBeLessThan(h0 - 20);
    await page.keyboard.press('End');
    expect(await now()).toBe(85);
    expect((await list.boundingBox())!.height).toBeGreaterThan(h0);
    // dragged down, the list shows eight hops and more
    expect(await fullyShown()).toBeGreaterThanOrEqual(8);
    await page.keyboard.press('Home');
    expect(await now()).toBe(15);
    // remembered across a reload
    await page.reload();
    await expect(page.getByRole('separator', { name: /hop list/ })).toHaveAttribute('aria-valuenow', '15');
  });

  test('the resting packet covers no label of the card it reached', async ({ lab, page }) => {
    await lab.goto();
    await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
    await lab.pause.click();
    await lab.stepBack.click();
    const n = await lab.hopItems.count();
    let checked = 0;
    for (let i = 0; i < n; i++) {
      await lab.hopItems.nth(i).getByRole('button').click();
      const glyph = page.locator('.packet-layer:not(.packet-layer--moving) .packet');
      await expect(glyph).toHaveCount(1);
      await expect.poll(() => glyph.evaluate((g) => getComputedStyle(g.parentElement!).opacity)).toBe('1');
      const hits = await glyph.evaluate((g) => {
        const a = g.getBoundingClientRect();
        const over: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node *')) {
          if (![...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent!.trim() !== '')) continue;
          const range = document.createRange();
          range.selectNodeContents(el);
          for (const b of range.getClientRects()) {
            if (b.width > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) over.push(el.textContent!.trim().slice(0, 20));
          }
        }
        return over;
      });
      expect(hits, `hop ${i + 1}`).toEqual([]);
      checked++;
      if (i === 4) await page.screenshot({ path: `${dir}/1280x800-packet-resting.png` });
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
