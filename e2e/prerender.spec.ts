/**
 * The build's picture of the default lab (scripts/prerender.ts, src/ui/prerender/show.ts): on
 * the lab's root it is on screen before the live page, inert and hidden from assistive
 * technology, drawn as the live canvas will be, and it leaves once the live canvas has drawn;
 * other routes, share links and the phone layout never show it.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const picture = (page: Page) => page.locator('#prerendered-picture');

/** Opens the root at 6× CPU throttle (a slow laptop: the picture is on screen long enough to be read) and waits until it has left. */
async function openSlowly(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  await page.goto('/');
  await expect(picture(page)).toHaveCount(0, { timeout: 30_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
}

/**
 * Records, every frame from the start, whether the picture and the live canvas's nodes are on
 * screen, and what the picture was on the first frame it was drawn (it may leave within a few
 * frames: everything about it is read in the page, not by a later locator).
 */
async function watchFrames(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __frames: [boolean, number][]; __picture?: { hidden: string | null; inert: boolean; text: string; drawn: boolean } };
    w.__frames = [];
    const tick = () => {
      const pic = document.getElementById('prerendered-picture');
      const live = [...document.querySelectorAll('#root .react-flow__node')].filter((n) => n.checkVisibility({ visibilityProperty: true })).length;
      w.__frames.push([pic !== null, live]);
      const drawn =
        pic !== null &&
        [...pic.querySelectorAll('.react-flow__node')].some((n) => n.checkVisibility({ visibilityProperty: true }) && n.getBoundingClientRect().width > 0);
      if (pic && drawn && !w.__picture)
        w.__picture = { hidden: pic.getAttribute('aria-hidden'), inert: pic.inert, text: pic.querySelector('.react-flow')?.textContent ?? '', drawn };
      if (w.__frames.length < 2000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

test('the built index.html holds the picture of the default lab, with its drawing bounds', () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const t = html.match(/<template id="prerendered-lab" data-bounds="([^"]+)">([\s\S]*?)<\/template>/);
  expect(t, 'index.html has the template').not.toBeNull();
  const bounds = JSON.parse(t![1].replace(/&quot;/g, '"')) as Record<string, number>;
  expect(bounds.width).toBeGreaterThan(100);
  expect(t![2]).toContain('react-flow__node');
  expect(t![2]).toContain('node1');
});

test('at the root the picture shows first, inert and hidden, then the live canvas takes its place with no blank frame', async ({ lab, page }) => {
  await watchFrames(page);
  const cdp = await page.context().newCDPSession(page);
  // a slow laptop: the picture has time to be seen before the live page is ready
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  await page.goto('/');
  await expect(lab.podNode('client')).toBeVisible({ timeout: 30_000 });
  await expect(picture(page)).toHaveCount(0, { timeout: 30_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const shown = await page.evaluate(() => (window as unknown as { __picture?: { hidden: string | null; inert: boolean; text: string } }).__picture);
  expect(shown, 'the picture was drawn').toBeTruthy();
  expect(shown!.hidden).toBe('true');
  expect(shown!.inert).toBe(true);
  expect(shown!.text).toContain('node1');
  const frames = await page.evaluate(() => (window as unknown as { __frames: [boolean, number][] }).__frames);
  const firstPicture = frames.findIndex(([pic]) => pic);
  const gone = frames.findIndex(([pic], i) => i > firstPicture && !pic);
  expect(firstPicture).toBeGreaterThanOrEqual(0);
  // from the picture's first frame on, every frame shows the picture or the live canvas's nodes
  expect(frames.slice(firstPicture).filter(([pic, live]) => !pic && live === 0)).toEqual([]);
  expect(frames[gone][1]).toBeGreaterThan(0);
  // the live page works at once
  await lab.sendProbe({ from: 'client', to: 'web-1' });
  await expect(lab.verdict).toContainText('delivered');
});

test('the live canvas sits where the picture drew it: nothing jumps when it leaves', async ({ lab, page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  // the client pod's card in the picture, as last drawn before the picture left
  await page.addInitScript(() => {
    const w = window as unknown as { __pictured?: DOMRect };
    const tick = () => {
      const card = [...document.querySelectorAll('#prerendered-picture .react-flow__node-pod')].find((n) => n.textContent?.includes('client'));
      if (card) w.__pictured = card.getBoundingClientRect();
      if (card || !w.__pictured) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await openSlowly(page);
  const before = await page.evaluate(() => {
    const r = (window as unknown as { __pictured?: DOMRect }).__pictured;
    return r && { x: r.x, y: r.y, width: r.width };
  });
  expect(before, 'the picture drew the client pod').toBeTruthy();
  await expect(lab.podNode('client')).toBeVisible();
  const after = (await lab.podNode('client').boundingBox())!;
  expect(Math.abs(after.x - before!.x)).toBeLessThan(2);
  expect(Math.abs(after.y - before!.y)).toBeLessThan(2);
  expect(Math.abs(after.width - before!.width)).toBeLessThan(2);
});

test('the splitter in the picture sits where the learner left it, as the live trace column has it', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('podpath.traceSplit', '40');
    const w = window as unknown as { __handle?: number };
    const tick = () => {
      const handle = document.querySelector('#prerendered-picture .trace-split__handle');
      if (handle && w.__handle === undefined) w.__handle = handle.getBoundingClientRect().y;
      if (w.__handle === undefined) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await openSlowly(page);
  const pictured = await page.evaluate(() => (window as unknown as { __handle?: number }).__handle);
  expect(pictured, 'the picture drew the splitter').toBeDefined();
  const live = page.getByRole('separator', { name: 'Resize the hop list and the hop inspector' });
  await expect(live).toHaveAttribute('aria-valuenow', '40');
  expect(Math.abs((await live.boundingBox())!.y - pictured!)).toBeLessThan(2);
});

for (const where of ['/lessons', '/cards', '/#v=2&s=AAAA', '/#scenario=flannel-host-gw']) {
  test(`no picture of the default lab on ${where}`, async ({ page }) => {
    await watchFrames(page);
    await page.goto(where);
    await page.waitForTimeout(500);
    const frames = await page.evaluate(() => (window as unknown as { __frames: [boolean, number][] }).__frames);
    expect(frames.some(([pic]) => pic)).toBe(false);
  });
}

test('no picture on a phone: the phone layout waits for the live page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await watchFrames(page);
  await page.goto('/');
  await expect(page.locator('#root .react-flow__node').first()).toBeVisible();
  const frames = await page.evaluate(() => (window as unknown as { __frames: [boolean, number][] }).__frames);
  expect(frames.some(([pic]) => pic)).toBe(false);
});
