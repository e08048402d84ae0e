// One page as a command, for per_command.sh: node one_page.js rs-trafilatura NATIVE_INDEX_CJS FILE
// or node one_page.js readability FILE; prints the main text.
'use strict';
const fs = require('fs');
const path = require('path');
const [which, a, b] = process.argv.slice(2);
if (which === 'rs-trafilatura') {
  const native = require(path.resolve(a));
  const r = native.extract(fs.readFileSync(b, 'utf8'), { config: {}, format: 'txt' });
  process.stdout.write(((r && r.content) || '') + '\n');
} else if (which === 'readability') {
  const { JSDOM, VirtualConsole } = require('jsdom');
  const { Readability } = require('@mozilla/readability');
  const dom = new JSDOM(fs.readFileSync(a), { virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  process.stdout.write(((article && article.textContent) || '') + '\n');
} else {
  console.error('usage: node one_page.js rs-trafilatura NATIVE FILE | readability FILE');
  process.exit(2);
}
