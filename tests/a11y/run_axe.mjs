#!/usr/bin/env node
// Check a rendered report with axe-core in headless Chromium and print its violations as JSON.
//
// Usage: node tests/a11y/run_axe.mjs REPORT.html
// Prints {"axe": version, "url": ..., "violations": [{id, impact, help, nodes, target}, ...]} and
// exits 0 whatever it finds: judging the result is the job of tests/test_accessibility.py.
// Exit 2 means the check itself could not run (no file, no browser).
//
// Chromium is the system one (CHROMIUM or /usr/bin/chromium), never a downloaded build, and axe is
// injected from node_modules, so the check needs no network. Every request the page makes is
// refused: the report must be self-contained, and a check that silently fetched would hide that.

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;
const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
// Wide and narrow layouts can differ (tables become scroll boxes on a phone), so both are checked.
const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 1600 },
  { name: "phone", width: 390, height: 844 },
];

function fail(message) {
  process.stderr.write(`run_axe: ${message}\n`);
  process.exit(2);
}

const [reportArg] = process.argv.slice(2);
if (!reportArg) fail("usage: node tests/a11y/run_axe.mjs REPORT.html");
const reportPath = resolve(reportArg);
if (!existsSync(reportPath)) fail(`${reportPath} does not exist; build the report first (python build.py)`);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
if (!existsSync(executablePath)) fail(`no Chromium at ${executablePath}; install Debian's chromium or set CHROMIUM`);

const url = pathToFileURL(reportPath).href;
const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
const found = new Map();
const layout = {};
try {
  for (const viewport of VIEWPORTS) {
    const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
    await page.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: AXE_SOURCE });
    const results = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      return await axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        resultTypes: ["violations"],
      });
    });
    // What a phone reader meets: horizontal overflow, captions cut off, charts shrunk below the
    // column the chart tests assume, and how far down the summary starts.
    layout[viewport.name] = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      clippedCaptions: [...document.querySelectorAll("caption, figcaption")]
        .filter((c) => c.scrollWidth > c.clientWidth + 1)
        .map((c) => c.textContent.slice(0, 80)),
      charts: [...document.querySelectorAll("figure.chart img")].map((i) => ({
        figure: i.getAttribute("data-figure"),
        width: i.getBoundingClientRect().width,
        natural: i.naturalWidth,
      })),
      headings: [...document.querySelectorAll("h1")].slice(0, 3).map((h) => ({
        text: h.textContent.trim().slice(0, 60),
        top: h.getBoundingClientRect().top + window.scrollY,
      })),
    }));
    for (const v of results.violations) {
      const known = found.get(v.id);
      if (known) {
        known.viewports.push(viewport.name);
        known.nodes = Math.max(known.nodes, v.nodes.length);
        continue;
      }
      found.set(v.id, {
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
        target: v.nodes[0]?.target ?? [],
        summary: v.nodes[0]?.failureSummary ?? "",
        viewports: [viewport.name],
      });
    }
    await page.close();
  }
} finally {
  await browser.close();
}

const violations = [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
process.stdout.write(JSON.stringify({ axe: AXE_VERSION, url, violations, layout }, null, 2) + "\n");
