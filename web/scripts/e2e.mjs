#!/usr/bin/env node
// End-to-end runner: builds the UI, starts a real `guanxi serve` on a free port with a generated
// demo shop, creates users, runs e2e/*.test.mjs (node:test + playwright-core, headless Chromium),
// leaves screenshots in test-results/screenshots/, and stops the server.
//
// Env: GUANXI_BIN (default <repo>/build/release/src/cli/guanxi), CHROMIUM (default /usr/bin/chromium),
//      E2E_SKIP_BUILD=1 (reuse web/dist), E2E_CUSTOMERS (default 2000), E2E_KEEP=1 (keep the temp dir),
//      E2E_FILTER=<substring of spec file names>.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, createReadStream } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(WEB, '..');
const BIN = resolve(ROOT, process.env.GUANXI_BIN ?? 'build/release/src/cli/guanxi');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const DIST = join(WEB, 'dist');
const OUT = join(WEB, 'test-results');
const log = (...a) => console.log('[e2e]', ...a);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

async function waitFor(url, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${url}`);
}

// A static server for web/dist with SPA fallback that proxies /api to guanxi, used when the
// guanxi binary does not serve the UI itself. It sends the same CSP as the server.
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon' };
function startProxy(apiPort, port) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') {
      const p = httpRequest({ host: '127.0.0.1', port: apiPort, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      p.on('error', () => { res.writeHead(502); res.end(); });
      req.pipe(p);
      return;
    }
    let file = join(DIST, decodeURIComponent(url.pathname));
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) {
      if (extname(url.pathname)) { res.writeHead(404); res.end(); return; }
      file = join(DIST, 'index.html');
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((res) => server.listen(port, '127.0.0.1', () => res(server)));
}

async function main() {
  if (!existsSync(BIN)) throw new Error(`guanxi binary not found: ${BIN} (set GUANXI_BIN)`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found: ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  const t0 = Date.now();
  if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(join(DIST, 'index.html'))) {
    log('building the UI');
    run(process.execPath, [join(WEB, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
  }
  const tmp = mkdtempSync(join(tmpdir(), 'guanxi-e2e-'));
  const db = join(tmp, 'e2e.db');
  log('demo shop in', db);
  run(BIN, ['demo', '--db', db, '--customers', process.env.E2E_CUSTOMERS ?? '2000', '--orders', '8000', '--seed', '42']);
  const keyOut = run(BIN, ['apikey', 'create', '--db', db, '--name', 'e2e']).stdout;
  const apiKey = keyOut.match(/gx_[0-9a-f]+_[0-9a-f]+/)?.[0];
  if (!apiKey) throw new Error(`no API key in: ${keyOut}`);

  const apiPort = await freePort();
  const serveHelp = run(BIN, ['serve', '--help'], { allowFail: true }).stdout;
  const webFlag = ['--web-root', '--web-dir', '--web', '--static'].find((f) => serveHelp.includes(f));
  const serveArgs = ['serve', '--db', db, '--host', '127.0.0.1', '--port', String(apiPort)];
  if (webFlag) serveArgs.push(webFlag, DIST);
  log('guanxi', serveArgs.join(' '));
  const server = spawn(BIN, serveArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  let proxy = null;
  let code = 1;
  try {
    await waitFor(`http://127.0.0.1:${apiPort}/healthz`);
    let base = `http://127.0.0.1:${apiPort}`;
    const home = await fetch(`${base}/customers`).then((r) => r.text()).catch(() => '');
    if (!home.includes('<div id="app">')) {
      const port = await freePort();
      proxy = await startProxy(apiPort, port);
      base = `http://127.0.0.1:${port}`;
      log('the server does not serve web/dist (yet): using a static proxy at', base);
    }

    // Users: through the API with the admin key (POST /api/v1/users), else the CLI.
    const users = {};
    const want = [
      { username: 'e2e_admin', role: 'admin' },
      { username: 'e2e_csr', role: 'csr' },
      { username: 'e2e_sales1', role: 'sales' },
      { username: 'e2e_sales2', role: 'sales' },
    ];
    for (const u of want) {
      const password = `Pw-${u.username}-2026!`;
      const r = await fetch(`${base}/api/v1/users`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: u.username, password, role: u.role, display_name: u.username }),
      });
      if (r.ok) {
        users[u.role === 'sales' ? u.username.replace('e2e_', '') : u.role] = { username: u.username, password, id: (await r.json()).id };
      } else {
        const cli = run(BIN, ['user', 'create', '--db', db, '--username', u.username, '--password', password, '--role', u.role], { allowFail: true });
        if (cli.status === 0) users[u.role === 'sales' ? u.username.replace('e2e_', '') : u.role] = { username: u.username, password };
        else log(`cannot create user ${u.username}: HTTP ${r.status}; CLI: ${(cli.stderr || cli.stdout).split('\n')[0]}`);
      }
    }
    log('users:', Object.keys(users).join(', ') || 'none (sign-in specs are skipped)');

    const shots = join(OUT, 'screenshots');
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    const env = {
      ...process.env,
      GX_BASE_URL: base,
      GX_API_KEY: apiKey,
      GX_USERS: JSON.stringify(users),
      GX_SCREENSHOTS: shots,
      CHROMIUM,
    };
    const filter = process.env.E2E_FILTER ?? '';
    const specs = readdirSync(join(WEB, 'e2e')).filter((f) => f.endsWith('.test.mjs') && f.includes(filter)).sort();
    code = 0;
    for (const spec of specs) {
      log('spec', spec);
      const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', join(WEB, 'e2e', spec)], { cwd: WEB, env, stdio: 'inherit' });
      if (r.status !== 0) code = 1;
    }
    log(`screenshots in ${shots}: ${readdirSync(shots).length} files; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    proxy?.close();
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (code !== 0) console.log('[e2e] server log (tail):\n' + serverLog.split('\n').slice(-30).join('\n'));
    if (process.env.E2E_KEEP !== '1') rmSync(tmp, { recursive: true, force: true });
    else log('kept', tmp);
  }
  process.exit(code);
}

main().catch((e) => {
  console.error('[e2e]', e.message ?? e);
  process.exit(1);
});
