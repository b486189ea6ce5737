/**
 * The API definition's `config_data` keys (docs/architecture.md). Every key is optional; a wrong value falls
 * back to the default and is logged, because a typo in an API definition must not cost the trace
 * or, worse, the request. Values are truncated to OAP's name limits so the sw8 we emit stays valid.
 */
import { escapeToPrintableAscii, isPrintableAscii } from '../../trace/printable-ascii';
import type { TykSpec } from '../tyk-contract';

export type Sw8IncomingPolicy = 'continue' | 'restart';

export interface EdgeConfig {
  service: string;
  instance: string;
  upstreamPeer: string;
  sw8Incoming: Sw8IncomingPolicy;
  /** Empty when no secret is configured. */
  edgeSecret: string;
}

/** OAP truncates service and instance names at 70 characters (SW_SERVICE_NAME_MAX_LENGTH). */
const MAX_NAME_LENGTH = 70;
/** Same bound for the peer: it is matched byte for byte, so it must reach the BFF untruncated. */
const MAX_PEER_LENGTH = 150;

function stringSetting(data: { [key: string]: unknown }, key: string, fallback: string, maxLength: number, complaints: string[]): string {
  const value = data[key];
  // The common case first: each operation costs about a microsecond in otto, on every request.
  if (typeof value === 'string' && value !== '' && value.length <= maxLength && isPrintableAscii(value)) return value;
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || value === '') {
    complaints.push(key + ' must be a non-empty string; using "' + fallback + '"');
    return fallback;
  }
  if (!isPrintableAscii(value)) {
    // It goes into sw8, which carries printable ASCII only (docs/architecture.md).
    complaints.push(key + ' must be printable ASCII; using "' + fallback + '"');
    return fallback;
  }
  complaints.push(key + ' is longer than ' + maxLength + ' characters; truncated');
  return value.slice(0, maxLength);
}

export function readEdgeConfig(spec: TykSpec, complaints: string[]): EdgeConfig {
  const apiId = spec && typeof spec.APIID === 'string' && spec.APIID !== '' ? spec.APIID : 'unknown-api';
  let data: { [key: string]: unknown } = {};
  if (spec && spec.config_data !== undefined && spec.config_data !== null) {
    if (typeof spec.config_data === 'object') data = spec.config_data;
    else complaints.push('config_data is not an object; using defaults');
  }
  let sw8Incoming: Sw8IncomingPolicy = 'continue';
  const policy = stringSetting(data, 'sw8_incoming', 'continue', 16, complaints);
  if (policy === 'restart') sw8Incoming = 'restart';
  else if (policy !== 'continue') complaints.push('sw8_incoming must be "continue" or "restart"; using "continue"');
  return {
    service: stringSetting(data, 'sw_service', 'tyk-gateway', MAX_NAME_LENGTH, complaints),
    instance: stringSetting(data, 'sw_instance', 'tyk', MAX_NAME_LENGTH, complaints),
    upstreamPeer: stringSetting(
      data,
      'sw_upstream_peer',
      escapeToPrintableAscii('tyk-upstream-' + apiId).slice(0, MAX_PEER_LENGTH),
      MAX_PEER_LENGTH,
      complaints,
    ),
    sw8Incoming: sw8Incoming,
    edgeSecret: stringSetting(data, 'sw_edge_secret', '', 4096, complaints),
  };
}
