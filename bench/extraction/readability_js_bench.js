// Mozilla Readability on jsdom for every page of DIR, one core.
// usage: node --expose-gc readability_js_bench.js DIR OUTDIR [TIMEOUT_SECONDS]
// Writes OUTDIR/<id>.txt and prints the speed line. Only parse + Readability time is counted;
// garbage collection is forced between pages.
//
// jsdom runs synchronously, so a page that takes forever cannot be interrupted in process:
// the pages go one at a time to a worker process, which is killed and replaced when a page
// takes longer than the timeout (default 60 s; the page counts as empty output, and its time
// as the timeout), and replaced every 100 pages anyway so its heap cannot grow past the limit
// (in one process jsdom windows pile up past 4 GB). Timed-out pages are listed on stderr.
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const readline = require('readline');

if (process.argv[2] === '--worker') {
  // Says "ready", then takes one page id per line on stdin; answers "<id> <nanoseconds>" on stdout when written.
  const { JSDOM, VirtualConsole } = require('jsdom');
  const { Readability } = require('@mozilla/readability');
  const [, , , src, out] = process.argv;
  const quiet = new VirtualConsole();
  const rl = readline.createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  rl.on('line', (id) => {
    const html = fs.readFileSync(path.join(src, id + '.html'));
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
    const ns = process.hrtime.bigint() - t0;
    fs.writeFileSync(path.join(out, id + '.txt'), text);
    if (global.gc) global.gc();
    process.stdout.write(`${id} ${ns}\n`);
  });
  return;
}

const [src, out, timeoutArg] = process.argv.slice(2);
const timeoutMs = (Number(timeoutArg) || 60) * 1000;
const pages = fs.readdirSync(src).filter((f) => f.endsWith('.html')).sort().map((f) => path.basename(f, '.html'));
let bytes = 0;
let ns = 0n;
const timedOut = [];

function startWorker() {
  const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', __filename, '--worker', src, out], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  // Loading jsdom takes seconds: the timeout starts when the worker says it is ready.
  return new Promise((resolve) => lines.once('line', () => resolve({ child, lines })));
}

async function main() {
  let worker = null;
  let done = 0;
  for (const id of pages) {
    bytes += fs.statSync(path.join(src, id + '.html')).size;
    if (worker === null || done % 100 === 0) {
      if (worker) worker.child.kill('SIGKILL');
      worker = await startWorker();
    }
    const w = worker;
    const answer = await new Promise((resolve) => {
      const finish = (line) => {
        clearTimeout(timer);
        w.lines.off('line', finish);
        w.child.off('exit', onExit);
        resolve(line);
      };
      const onExit = () => finish(null);
      const timer = setTimeout(onExit, timeoutMs);
      w.lines.on('line', finish);
      w.child.on('exit', onExit);
      w.child.stdin.write(id + '\n');
    });
    if (answer === null) {
      timedOut.push(id);
      ns += BigInt(timeoutMs) * 1000000n;
      fs.writeFileSync(path.join(out, id + '.txt'), '');
      w.child.kill('SIGKILL');
      worker = null;
    } else {
      ns += BigInt(answer.split(' ')[1]);
    }
    ++done;
  }
  if (worker) worker.child.kill('SIGKILL');
  if (timedOut.length) console.error(`timed out (${timeoutMs / 1000} s): ${timedOut.join(' ')}`);
  const s = Number(ns) / 1e9;
  console.log(
    `pages ${pages.length} seconds ${s.toFixed(3)} pages/s ${(pages.length / s).toFixed(1)} MB/s ${(bytes / s / 1e6).toFixed(1)} timeouts ${timedOut.length}`,
  );
}
main();
