/**
 * An address where nothing listens, for "the peer is down" cases. Nothing can listen on port 0:
 * binding port 0 asks the OS for any free port. So a connect there is refused at once
 * (ECONNREFUSED), and no other process can take it, as it could a port that was picked free and
 * then released.
 */
export const CLOSED_PORT = '127.0.0.1:0';
