// Mozilla Readability on jsdom for every page of DIR, one core.
// usage: node --expose-gc readability_js_bench.js DIR OUTDIR
// Writes OUTDIR/<id>.txt and prints the speed line. Only parse + Readability time is counted;
// garbage collection is forced between pages (jsdom windows otherwise pile up past 4 GB).
const fs = require('fs');
const path = require('path');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const [src, out] = process.argv.slice(2);
const files = fs.readdirSync(src).filter((f) => f.endsWith('.html')).sort();
const quiet = new VirtualConsole();
let bytes = 0;
let ns = 0n;
const pages = files.map((f) => path.basename(f, '.html'));
for (const id of pages) {
  const html = fs.readFileSync(path.join(src, id + '.html'));
  bytes += html.length;
  let text = '';
  const t0 = process.hrtime.bigint();
  try {
    const dom = new JSDOM(html, { virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    text = article && article.textContent ? article.textContent : '';
    dom.window.close();
  } catch (e) {
    text = '';
  }
  ns += process.hrtime.bigint() - t0;
  fs.writeFileSync(path.join(out, id + '.txt'), text);
  if (global.gc) global.gc();
}
const s = Number(ns) / 1e9;
console.log(`pages ${pages.length} seconds ${s.toFixed(3)} pages/s ${(pages.length / s).toFixed(1)} MB/s ${(bytes / s / 1e6).toFixed(1)}`);
