// rs-trafilatura (the Rust port of trafilatura, first on the WCXB leaderboard) on the
// development pages: one .txt per page, then one line of speed like the C++ benches.
// The extractor is the N-API module inside the npm package `contextractor` (its
// dependencies, a crawler and a browser, are not needed for this): run.sh unpacks it.
//
// usage: node rs_trafilatura_bench.js NATIVE_INDEX_CJS PAGES_DIR OUT_DIR [CONFIG_JSON]
'use strict';
const fs = require('fs');
const path = require('path');
const [nativePath, pagesDir, outDir, configJson] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node rs_trafilatura_bench.js NATIVE_INDEX_CJS PAGES_DIR OUT_DIR [CONFIG_JSON]');
  process.exit(2);
}
const native = require(path.resolve(nativePath));
const config = configJson ? JSON.parse(configJson) : {};
fs.mkdirSync(outDir, { recursive: true });
const pages = fs.readdirSync(pagesDir).filter((f) => f.endsWith('.html')).sort();
let seconds = 0, bytes = 0, failed = 0;
for (const f of pages) {
  const html = fs.readFileSync(path.join(pagesDir, f), 'utf8');
  bytes += Buffer.byteLength(html);
  const t0 = process.hrtime.bigint();
  let text = '';
  try {
    const r = native.extract(html, { config, format: 'txt' });
    text = (r && r.content) || '';
  } catch (e) {
    ++failed;
  }
  seconds += Number(process.hrtime.bigint() - t0) / 1e9;
  fs.writeFileSync(path.join(outDir, f.replace(/\.html$/, '.txt')), text);
}
if (failed) console.error(`rs-trafilatura: ${failed} page(s) raised an error (empty output)`);
console.log(`pages ${pages.length} seconds ${seconds.toFixed(3)} pages/s ${(pages.length / seconds).toFixed(1)} ` +
            `MB/s ${(bytes / 1e6 / seconds).toFixed(1)}`);
