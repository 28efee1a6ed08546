import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The baselines: the least a Node HTTP server can do per request on this machine (no framework, no
 * I/O), and with `--proxy <port>` the least a gateway can do: forward each request over a
 * keep-alive connection to the server on that port and relay its answer.
 */
const body = JSON.stringify({ ok: true });
const upstream = process.argv.indexOf('--proxy') > 0 ? Number(process.argv[process.argv.indexOf('--proxy') + 1]) : undefined;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function answer(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function forward(req: IncomingMessage, res: ServerResponse): void {
  const call = request({ host: '127.0.0.1', port: upstream, path: req.url, method: req.method, agent }, (reply) => {
    const chunks: Buffer[] = [];
    reply.on('data', (chunk: Buffer) => chunks.push(chunk));
    reply.on('end', () => {
      const relayed = Buffer.concat(chunks);
      res.writeHead(reply.statusCode ?? 502, { 'content-type': reply.headers['content-type'] ?? 'application/json', 'content-length': relayed.length });
      res.end(relayed);
    });
  });
  call.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  call.end();
}

const server = createServer(upstream ? forward : answer);
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`listening ${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
