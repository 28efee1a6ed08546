import { createServer } from 'node:net';
import { freePort } from './process';

describe('freePort', () => {
  it('gives ports below the ephemeral range (never taken by an outgoing connection) that a server can listen on', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(ports[0], resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
