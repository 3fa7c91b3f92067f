/** The engine arrives after the first paint; a failed download is said, with a retry that works. */
import { test, expect } from './fixtures';

test('the engine chunk failing to download shows why and recovers on retry', async ({ lab, page, consoleErrors }) => {
  // the dynamic import of the engine: its entry chunk (engine-*.js) and the lab it pulls in
  // (an 8-character hash: engine-runtime-*.js is a first-load chunk, not the engine)
  const engineChunk = /\/assets\/(engine|lab-core)-[\w-]{8}\.js$/;
  await page.route(engineChunk, (r) => r.abort());
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('The datapath engine could not be loaded.');
  await expect(page.getByText('podpath')).toBeVisible();
  await page.unroute(engineChunk);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(lab.podNode('client')).toBeVisible();
  await lab.sendProbe({ from: 'client', to: 'web-1' });
  await expect(lab.verdict).toContainText('delivered');
  // the aborted downloads are the only errors the page logged (the fixture checks the rest is empty)
  const aborted: string[] = consoleErrors.filter((e) => e === 'console: Failed to load resource: net::ERR_FAILED');
  expect(aborted.length).toBeGreaterThan(0);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !aborted.includes(e)));
});
