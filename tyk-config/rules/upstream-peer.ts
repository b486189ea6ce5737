// sw8 field 8 (`sw_upstream_peer`) must be the address the gateway calls, byte for byte, or OAP
// will not link the gateway to the BFF (docs/architecture.md "The edge segment": the exit span's peer).
import { problem, type ApiRule } from '../problem';

export const upstreamPeerMatchesTarget: ApiRule = (context) => {
  const target = context.api?.proxy?.target_url;
  let hostPort: string;
  try {
    const url = new URL(target);
    hostPort = url.port ? `${url.hostname}:${url.port}` : `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`;
  } catch {
    return [problem(context, 'proxy.target_url', `is not a URL: ${JSON.stringify(target)}.`)];
  }
  const peer = context.api?.config_data?.sw_upstream_peer;
  if (peer === hostPort) return [];
  const shown = peer === undefined ? `unset (the hooks then use tyk-upstream-${context.api?.api_id})` : JSON.stringify(peer);
  return [
    problem(
      context,
      'config_data.sw_upstream_peer',
      `${shown} differs from proxy.target_url's host:port "${hostPort}"; the gateway's exit span would not match the BFF's address.`,
    ),
  ];
};
