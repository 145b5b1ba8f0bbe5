// A plain static server for the published site (dist/), as any host would serve it: Python's
// http.server (no compression, no special headers), on the loopback interface. It logs each
// request; `requests` holds them as {method, path, status}, so that a test or the benchmark can
// see what reached the network.
import { spawn } from 'node:child_process';

export async function startPythonServer(root) {
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  const requests = [];
  let pending = '';
  child.stderr.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const m = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})/.exec(line);
      if (m) requests.push({ method: m[1], path: decodeURIComponent(m[2].split('?')[0]), status: Number(m[3]) });
    }
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`python3 -m http.server exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
