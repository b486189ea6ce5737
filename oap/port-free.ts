/**
 * OAP binds its ports late in the boot and dies on a taken one, after GraphQL on that port may
 * already answer for someone else (a user's `npm start` collector answers it too). So both ports
 * are checked before `java` starts.
 */
import net from 'node:net';

export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
