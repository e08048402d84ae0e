// rs-trafilatura's metadata (title, author, date) for each development page, one JSON file
// per page, for metadata.py. usage: node rs_trafilatura_metadata.js NATIVE_INDEX_CJS PAGES_DIR OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const [nativePath, pagesDir, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node rs_trafilatura_metadata.js NATIVE_INDEX_CJS PAGES_DIR OUT_DIR');
  process.exit(2);
}
const native = require(path.resolve(nativePath));
fs.mkdirSync(outDir, { recursive: true });
for (const f of fs.readdirSync(pagesDir).filter((f) => f.endsWith('.html')).sort()) {
  const html = fs.readFileSync(path.join(pagesDir, f), 'utf8');
  let meta = {};
  try {
    meta = native.extractMetadata(html, undefined) || {};
  } catch (e) {
    meta = {};
  }
  fs.writeFileSync(path.join(outDir, f.replace(/\.html$/, '.json')), JSON.stringify(meta));
}
