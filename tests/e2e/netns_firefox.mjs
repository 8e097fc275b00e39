// Runs Firefox in another network namespace for puppeteer-core, which stays in its own: Firefox's WebDriver BiDi socket listens on 127.0.0.1 of Firefox's namespace, so this program listens on the same port here and carries each connection across through `ip netns exec` (usage: node netns_firefox.mjs NAMESPACE FIREFOX-ARGUMENTS...; a wrapper script passes it as puppeteer's executablePath).

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const [ns, ...args] = process.argv.slice(2);
const firefox = spawn('ip', ['netns', 'exec', ns, '/usr/bin/firefox-esr', ...args], { stdio: ['ignore', 'inherit', 'pipe'] });
const kListening = /WebDriver BiDi listening on ws:\/\/127\.0\.0\.1:(\d+)/;
let pending = '';

/**
 * Carries connections to `port` here into Firefox's namespace; resolves once listening.
 * @param {number} port
 */
function bridge(port) {
  const server = createServer((socket) => {
    const across = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e',
      `const s = require('node:net').connect(${port}, '127.0.0.1');
       process.stdin.pipe(s); s.pipe(process.stdout);
       s.on('close', () => process.exit(0)); s.on('error', () => process.exit(1));`], { stdio: ['pipe', 'pipe', 'ignore'] });
    socket.pipe(/** @type {import('node:stream').Writable} */ (across.stdin));
    across.stdout?.pipe(socket);
    socket.on('error', () => across.kill());
    socket.on('close', () => across.kill());
    across.on('exit', () => socket.destroy());
  });
  firefox.on('exit', () => server.close());
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
}

firefox.stderr?.on('data', async (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const match = kListening.exec(line);
    if (match) await bridge(Number(match[1]));  // before puppeteer reads the line and connects
    process.stderr.write(`${line}\n`);
  }
});
firefox.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) process.on(signal, () => firefox.kill(signal));
