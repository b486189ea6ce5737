import { portIsFree } from '../../oap/port-free';

/**
 * A free port below Linux's ephemeral range (32768-60999), for a server that binds late while a
 * client polls it: a client's connect to a port nobody listens on yet can get that same port as
 * its own source port (TCP self-connect), and the server then fails to bind. Ports the OS hands
 * out for port 0 come from the ephemeral range, so they can; these cannot.
 */
export async function freePortOutsideEphemeralRange(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await portIsFree('127.0.0.1', port)) return port;
  }
  throw new Error('no free port in 20000-31999 after 50 tries');
}
