import net from 'node:net';
import { portIsFree } from '../../oap/port-free';

/** A port the OS just handed out and released: the services take fixed ports from env, so tests pick them this way. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A free port below Linux's ephemeral range (32768-60999), for a server that binds late while a
 * client polls it: a client's connect to a port nobody listens on yet can get that same port as
 * its own source port (TCP self-connect), and the server then fails to bind. freePort's ports
 * come from the ephemeral range, so they can; these cannot.
 */
export async function freePortOutsideEphemeralRange(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await portIsFree('127.0.0.1', port)) return port;
  }
  throw new Error('no free port in 20000-31999 after 50 tries');
}
