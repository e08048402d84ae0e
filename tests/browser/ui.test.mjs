// The web UI in headless Debian Chromium, driven by Playwright (playwright-core; no
// downloaded browser). run_browser_test.py builds the archive, starts searchd and runs:
//   node ui.test.mjs --base http://127.0.0.1:PORT --out DIR
// A researcher's path: search (with suggestions), pick a facet (no reload), open a
// document, follow a related case, open a country page, export CSV; the hostile page's
// title shows as text with no alert; phone width has no sideways scrolling; keyboard focus
// is visible; the same path works with JavaScript off. Screenshots go to DIR.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, v, i, all) => (v.startsWith("--") ? [...acc, [v.slice(2), all[i + 1]]] : acc), []));
const BASE = args.base;
const OUT = args.out || fs.mkdtempSync(path.join(os.tmpdir(), "dossier-ui-shots-"));
const CHROMIUM = process.env.DOSSIER_CHROMIUM || "/usr/bin/chromium";
if (!BASE) throw new Error("usage: node ui.test.mjs --base URL --out DIR");
fs.mkdirSync(OUT, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];
function check(cond, msg) {
  if (!cond) throw new Error(msg);
}
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    failures.push(name);
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}
const shots = [];
async function shot(page, name, { screen = false } = {}) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
  if (screen) {  // what the first screen shows, for phone widths
    const top = path.join(OUT, `${name}-screen.png`);
    await page.screenshot({ path: top });
    shots.push(top);
  }
}

// Playwright's launch() starts Chromium with a new empty profile of its own (it refuses
// --user-data-dir), which is the fresh profile the machine's notes ask for.
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
  ],
});

// Every page of a context is watched for dialogs (an alert from crawled content), CSP
// violations, script errors, and requests leaving searchd.
const problems = [];
async function newContext(options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  context.on("page", (p) => watch(p));
  return context;
}
function watch(page) {
  page.on("dialog", async (d) => {
    problems.push(`a ${d.type()} dialog fired: ${d.message()}`);
    await d.dismiss();
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(BASE) && !r.url().startsWith("data:")) problems.push(`request outside searchd: ${r.url()}`);
  });
}
const resultCount = async (page) => {
  const t = await page.locator("#results-heading").innerText();
  const m = t.match(/([\d,]+) results?/);
  return m ? Number(m[1].replace(/,/g, "")) : 0;
};

const desktop = await newContext({ viewport: { width: 1280, height: 900 } });
const page = await desktop.newPage();

await step("search page: labelled box, help, suggestions as you type", async () => {
  await page.goto(BASE + "/");
  await shot(page, "01-home-desktop");
  check(await page.getByLabel("Search the archive").isVisible(), "no labelled search box");
  await page.getByText("How to write a query").click();
  check(await page.getByText("published:2017-01-01..2018-06-30").isVisible(), "help panel did not open");
  await page.getByLabel("Search the archive").pressSequentially("inter", { delay: 30 });
  const option = page.locator("#suggestions [role=option]").first();
  await option.waitFor({ state: "visible", timeout: 5000 });
  check((await page.locator("#q").getAttribute("aria-expanded")) === "true", "combobox not expanded");
  await page.keyboard.press("ArrowDown");
  check((await page.locator("#q").getAttribute("aria-activedescendant")) === "suggestion-0", "arrow key did not move");
  await shot(page, "02-suggestions");
  await page.keyboard.press("Escape");
  await page.locator("#q").fill("interpol");
  await page.keyboard.press("Enter");
  await page.waitForURL(/q=interpol/);
  check((await resultCount(page)) > 5, "searching 'interpol' found too little");
  check(await page.locator("ol.hits .hit mark").first().isVisible(), "no highlighted match");
  await shot(page, "03-results-desktop");
});

let filtered = 0;
await step("pick a facet: results refresh without a reload; the filter can be removed", async () => {
  await page.evaluate(() => { window.__noReload = "still here"; });
  const before = await resultCount(page);
  const facet = page.locator("section.facet a.facet-link[href*='country=']").first();
  const label = (await facet.locator(".count").innerText()).replace(/,/g, "");
  await facet.click();
  await page.waitForURL(/country=/);
  await page.locator(".chip").first().waitFor();
  filtered = await resultCount(page);
  check(filtered === Number(label), `the facet said ${label}, the results say ${filtered}`);
  check(filtered < before, "the filter did not narrow the results");
  check((await page.evaluate(() => window.__noReload)) === "still here", "the page was reloaded");
  await shot(page, "04-facet-picked");
  // Combine with a type, then remove it again with its chip.
  await page.locator("section.facet a.facet-link[href*='type=']:not(.on)").first().click();
  await page.waitForURL(/type=/);
  await page.locator(".chip", { hasText: "Type:" }).click();
  await page.waitForURL((u) => !u.toString().includes("type="));
  check((await resultCount(page)) === filtered, "removing the type filter did not restore the count");
  // Back button restores the unfiltered search.
  await page.goBack();
  await page.waitForURL(/type=/);
  await page.locator(".chip", { hasText: "Type:" }).waitFor();
  await page.goForward();
  await page.waitForURL((u) => !u.toString().includes("type="));
  await page.locator(".chip", { hasText: "Type:" }).waitFor({ state: "detached" });
  await page.locator("#results-area:not([aria-busy])").waitFor();
});

await step("export the current search as CSV", async () => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
  const file = path.join(OUT, "export.csv");
  await download.saveAs(file);
  const rows = fs.readFileSync(file, "utf8").trim().split(/\r\n/);
  check(rows[0] === "rank,id,url,title,type,published,countries,score", `CSV header: ${rows[0]}`);
  check(rows.length - 1 === Math.min(filtered, 100), `CSV has ${rows.length - 1} rows, the page said ${filtered}`);
  console.log(`     exported ${rows.length - 1} rows to ${file}`);
});

let caseUrl = "";
await step("open a document, then follow a related case", async () => {
  // A case with related cases: try the cases of the current search, then any case.
  await page.goto(BASE + "/?type=case&sort=-date");
  const links = await page.locator("ol.hits h2.hit-title a").evaluateAll((as) => as.map((a) => a.href));
  check(links.length > 0, "no cases listed");
  let opened = false;
  for (const href of links) {
    await page.goto(href);
    if ((await page.locator("a.related-link").count()) > 0) { opened = true; break; }
  }
  check(opened, "no case shows related cases");
  check(await page.getByRole("heading", { name: "Related cases" }).isVisible(), "no Related cases heading");
  check(await page.getByRole("heading", { name: "Named in this document" }).isVisible(), "no entities");
  const reason = await page.locator(".related-list .reason").first().innerText();
  check(/Same person|Same country and instrument|Similar text/.test(reason), `reason: ${reason}`);
  await shot(page, "05-document-desktop");
  const first = page.locator("a.related-link").first();
  const title = (await first.innerText()).trim();
  await first.click();
  await page.waitForLoadState();
  check((await page.locator("h1#doc-title").innerText()).trim() === title, `related case opened ${page.url()}`);
  check(await page.locator(".meta .badge-case").isVisible(), "the related document is not a case");
  caseUrl = page.url();
});

await step("open a country page: chart, latest items, top organisations", async () => {
  await page.locator(".document .meta .countries a").first().click();
  await page.waitForURL(/\/countries\//);
  const bars = await page.locator("svg.bars rect.fill").count();
  check(bars >= 1, "no bars in the chart");
  const box = await page.locator("svg.bars").boundingBox();
  check(box && box.width > 100 && box.height > 100, `chart is ${JSON.stringify(box)}`);
  check(await page.getByRole("heading", { name: "Top organisations" }).isVisible(), "no top organisations");
  check((await page.locator("section.latest .hit").count()) > 0, "no latest items");
  await shot(page, "06-country-desktop");
  // Keyboard: a bar is a link to that year's search.
  await page.locator("svg.bars a").last().focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/from=\d{4}&to=\d{4}/);
  check((await resultCount(page)) >= 1, "a year's bar led to no results");
});

await step("crawled markup is text: the hostile title shows, no dialog fires", async () => {
  await page.goto(BASE + "/?q=alert");
  const title = page.locator("h2.hit-title a", { hasText: "<script>alert(1)</script>" });
  check(await title.isVisible(), "the hostile title is not visible as text");
  await shot(page, "07-hostile-results");
  await title.click();
  await page.waitForURL(/\/documents\//);
  check((await page.locator("h1#doc-title").innerText()).includes("<script>alert(1)</script>"), "document title");
  check(await page.getByText("<img src=x onerror=alert(2)>").first().isVisible(), "body markup not shown as text");
  await page.waitForTimeout(300);
  check(!problems.some((p) => p.includes("dialog")), problems.join("\n"));
});

await step("errors a person understands", async () => {
  const resp = await page.goto(BASE + "/?q=" + encodeURIComponent('"unbalanced'));
  check(resp.status() === 400, `status ${resp.status()}`);
  check(await page.getByRole("alert").getByText("unbalanced quote").isVisible(), "no message in the page");
  await shot(page, "08-bad-query");
});

await step("keyboard: skip link first, visible focus", async () => {
  await page.goto(BASE + "/?q=interpol");
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => document.activeElement.textContent);
  check(skip === "Skip to content", `first Tab reached ${skip}`);
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(outline !== "none", `focused element has no outline (${outline})`);
});

await desktop.close();

// Phone width.
const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
const mobile = await phone.newPage();
await step("phone width: no sideways scrolling, filters folded and usable", async () => {
  for (const [url, name] of [["/?q=interpol", "09-results-phone"], [caseUrl.replace(/^https?:\/\/[^/]+/, ""), "10-document-phone"],
                              ["/countries", "11-countries-phone"]]) {
    await mobile.goto(BASE + url);
    const [sw, cw] = await mobile.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    check(sw <= cw + 1, `${url}: page is ${sw}px wide in a ${cw}px screen`);
    await shot(mobile, name, { screen: true });
  }
  await mobile.goto(BASE + "/?q=interpol");
  check(!(await mobile.locator("#facets-box").evaluate((d) => d.open)), "filters are not folded at phone width");
  await mobile.locator("#facets-box > summary").click();
  check(await mobile.locator("section.facet a.facet-link").first().isVisible(), "filters did not unfold");
  const code = (await mobile.locator("section.facet a.facet-link[href*='country=']").first().getAttribute("href")).match(/country=(\w+)/)[1];
  await mobile.goto(BASE + "/countries/" + code);
  const [sw, cw] = await mobile.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  check(sw <= cw + 1, `country page is ${sw}px wide in a ${cw}px screen`);
  await shot(mobile, "12-country-phone");
});
await phone.close();

// Without JavaScript: the same path works with plain links and forms.
const nojs = await newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
const plain = await nojs.newPage();
await step("without JavaScript: search, facet, document", async () => {
  await plain.goto(BASE + "/");
  await plain.getByLabel("Search the archive").fill("interpol");
  await plain.getByRole("button", { name: "Search" }).click();
  await plain.waitForURL(/q=interpol/);
  const before = await resultCount(plain);
  await plain.locator("section.facet a.facet-link[href*='type=']").first().click();
  await plain.waitForURL(/type=/);
  check((await resultCount(plain)) <= before, "facet without JS");
  await plain.locator("ol.hits h2.hit-title a").first().click();
  await plain.waitForURL(/\/documents\//);
  check(await plain.getByRole("heading", { name: "Archived text" }).isVisible(), "document page without JS");
});
await nojs.close();
await browser.close();

// The bad query's page is a 400 on purpose; Chromium logs every 4xx document.
const serious = problems.filter((p) => !(p.includes("unbalanced") && p.includes("status of 400")));
if (serious.length) {
  failed++;
  console.log("FAIL problems seen while browsing:\n  " + serious.join("\n  "));
}
console.log("screenshots:\n  " + shots.join("\n  "));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
