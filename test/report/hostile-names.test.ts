import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/report.js';
import { runSweep } from '../../src/sweep/run.js';
import { storeResults } from '../../src/sweep/store.js';

/**
 * The report must stay inert whatever the user's names hold: file names (sample ids), category
 * names and model names carrying HTML and JavaScript are shown as text, no script runs and no
 * request leaves the page. The sweep is real (the grid detector of the sweep tests, on the
 * 64-px COCO fixture), so every name travels the whole way: dataset → store → report.
 */

const fixtures = fileURLToPath(new URL('../fixtures/datasets/coco/', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

// Each payload calls alert (a dialog the browser test would see) or would fetch (a request).
const FILE_A = '"><img src=x onerror=alert(1)>.png';
const FILE_B = '<svg onload=alert(2)>.jpg';
const FILE_BROKEN = "<iframe src=javascript:alert(3)>'.png";
const CATEGORY = '<script>alert(4)</script>';
const MODELS = ['<script>fetch("http://127.0.0.1:9/x")</script>', '"><img src=http://127.0.0.1:9/y onerror=alert(5)>'];
const PAYLOADS = [FILE_A, FILE_B, FILE_BROKEN, CATEGORY, ...MODELS].map((p) => p.replace(/\.(png|jpg)$/, ''));

let html: string;
let htmlFile: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lv-hostile-report-'));
  const data = join(dir, 'data');
  await mkdir(join(data, 'images'), { recursive: true });
  await mkdir(join(data, 'annotations'));
  await copyFile(join(fixtures, 'images/coffee.png'), join(data, 'images', FILE_A));
  await copyFile(join(fixtures, 'images/astronaut.jpg'), join(data, 'images', FILE_B));
  await writeFile(join(data, 'images', FILE_BROKEN), (await readFile(join(fixtures, 'images/chelsea.png'))).subarray(0, 300));
  const images = [
    { id: 1, file_name: FILE_A, width: 64, height: 43 },
    { id: 2, file_name: FILE_B, width: 64, height: 64 },
    { id: 3, file_name: FILE_BROKEN, width: 64, height: 43 },
  ];
  await writeFile(join(data, 'annotations/instances_val.json'), JSON.stringify({
    images,
    categories: [{ id: 1, name: CATEGORY }],
    annotations: images.map((image, i) => ({ id: i + 1, image_id: image.id, category_id: 1, bbox: [4, 4, 40, 30], area: 1200, iscrowd: 0 })),
  }));
  const out = join(dir, 'results');
  const result = await runSweep({
    task: 'detection',
    data,
    models: MODELS,
    conditions: [{ codec: 'jpeg', level: 50 }, { codec: 'jpeg', level: 5 }],
    seed: 0,
    referenceThreshold: 0.5,
    workers: 1,
    cacheDir: join(out, 'cache'),
    modelLoader: gridModel,
  });
  // The broken image fails with a reason that names its (hostile) file.
  expect(result.failures.some((f) => f.reason.includes(FILE_BROKEN))).toBe(true);
  await storeResults(result, out);
  const files = await writeReport(out, { generatedAt: '2026-01-01T00:00:00Z' });
  htmlFile = files.html;
  html = await readFile(htmlFile, 'utf8');
}, 120_000);

describe('the report with hostile names', () => {
  it('shows every name escaped and never as markup', () => {
    const escaped = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    // The names reached the report (models in the tables, the category in the visual evidence, the broken file in the failures), as text.
    for (const name of [...MODELS, FILE_BROKEN, CATEGORY]) expect(html, name).toContain(escaped(name));
    for (const payload of PAYLOADS) expect(html).not.toContain(payload);
    // No element the payloads would create, and no event-handler attribute on any tag.
    // The page's own scripts are the two inlined ones (allowed by hash) and inert chart data; nothing else.
    const own = html.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<script type="application\/json" id="chart-spec-\d+">[^<]*<\/script>/g, '');
    expect([...html.matchAll(/<script>/g)]).toHaveLength(2);
    expect(own).not.toMatch(/<(script|iframe|svg)\b/i);
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
  });

  it.skipIf(!existsSync(CHROMIUM))('runs no script and makes no request in headless Chromium', async () => {
    const { chromium } = await import('playwright-core');
    const profile = await mkdtemp(join(tmpdir(), 'lv-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && r.url() !== pathToFileURL(htmlFile).href) requests.push(r.url());
      });
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      // Injected by the browser, outside the page's CSP: counts script execution and blocked attempts alike.
      await page.addInitScript(() => {
        const w = globalThis as unknown as { __violations: string[]; __alerts: number; alert: () => void; document: { addEventListener(t: string, f: (e: { violatedDirective: string }) => void): void } };
        w.__violations = [];
        w.__alerts = 0;
        w.alert = () => {
          w.__alerts++;
        };
        w.document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.violatedDirective));
      });
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      const state = await page.evaluate(() => {
        const w = globalThis as unknown as { __violations: string[]; __alerts: number; document: { querySelectorAll(s: string): { length: number } } };
        // Scripts: only the two inlined ones and the inert chart specs.
        return { violations: w.__violations, alerts: w.__alerts, scripts: w.document.querySelectorAll('script:not([type="application/json"]), iframe, [onerror], [onload]').length };
      });
      expect({ requests, dialogs, errors, ...state }).toEqual({ requests: [], dialogs: [], errors: [], violations: [], alerts: 0, scripts: 2 });
      // The names are there, as text.
      for (const name of MODELS) expect(await page.getByText(name, { exact: false }).count()).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 60_000);
  if (!existsSync(CHROMIUM)) console.log(`skipping the hostile-names browser test: ${CHROMIUM} is absent (apt-get install chromium)`);
});
