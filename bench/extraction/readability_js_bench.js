// Mozilla Readability on jsdom for every page of DIR, one core.
// usage: node readability_js_bench.js DIR OUTDIR   writes OUTDIR/<id>.txt, prints the speed line.
const fs = require('fs');
const path = require('path');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const [src, out] = process.argv.slice(2);
const files = fs.readdirSync(src).filter((f) => f.endsWith('.html')).sort();
const pages = files.map((f) => [path.basename(f, '.html'), fs.readFileSync(path.join(src, f))]);
const quiet = new VirtualConsole();
let bytes = 0;
const texts = {};
const t0 = process.hrtime.bigint();
for (const [id, html] of pages) {
  bytes += html.length;
  try {
    const dom = new JSDOM(html, { virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    texts[id] = article && article.textContent ? article.textContent : '';
    dom.window.close();
  } catch (e) {
    texts[id] = '';
  }
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
for (const [id, t] of Object.entries(texts)) fs.writeFileSync(path.join(out, id + '.txt'), t);
console.log(`pages ${pages.length} seconds ${s.toFixed(3)} pages/s ${(pages.length / s).toFixed(1)} MB/s ${(bytes / s / 1e6).toFixed(1)}`);
