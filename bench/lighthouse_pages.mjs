/* Lighthouse on several pages in one node process and one Chromium, one after the other,
 * for the budget tests (tests/test_lighthouse.py): each page is its own Lighthouse run (a new
 * tab, storage and cache reset as the CLI resets them), without the CLI's start-up, config
 * load and Chromium launch for every page, which were a third of each run here.
 *
 *   node bench/lighthouse_pages.mjs OUT_DIR CATEGORIES URL [URL ...]
 *
 * CATEGORIES is a comma-separated list (accessibility,best-practices,seo). Chromium is
 * CHROME_PATH, started with the flags of CHROME_FLAGS (space-separated). Writes
 * OUT_DIR/0.json, OUT_DIR/1.json, ... (the JSON report of each URL, in order) and exits
 * non-zero, naming the URL, when a run fails. The benchmark (bench/lighthouse_scores.py)
 * keeps the CLI and a new Chromium for every run: it measures time, this only audits. */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const lighthouse = (await import(require.resolve("lighthouse"))).default;
const chromeLauncher = await import(require.resolve("chrome-launcher"));

const [outDir, categories, ...urls] = process.argv.slice(2);
if (!outDir || !categories || !urls.length) {
  console.error("usage: node bench/lighthouse_pages.mjs OUT_DIR CATEGORIES URL [URL ...]");
  process.exit(2);
}
if (!process.env.CHROME_PATH) {
  console.error("CHROME_PATH is not set: the Chromium to run Lighthouse in");
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: (process.env.CHROME_FLAGS || "").split(/\s+/).filter(Boolean),
});
let failed = false;
try {
  for (const [i, url] of urls.entries()) {
    try {
      const result = await lighthouse(url, {
        port: chrome.port, output: "json", logLevel: "error",
        onlyCategories: categories.split(","), disableFullPageScreenshot: true,
      });
      if (!result || result.lhr.runtimeError)
        throw new Error(result ? result.lhr.runtimeError.message : "no result");
      fs.writeFileSync(path.join(outDir, `${i}.json`), result.report);
    } catch (error) {
      console.error(`${url}: Lighthouse failed: ${error.message}`);
      failed = true;
    }
  }
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
