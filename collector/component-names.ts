// Names OAP shows for component ids (apache/skywalking oap-server/.../component-libraries.yml);
// only the ids this project's agents and reporters send, plus the gateways. Unknown ids show as "Unknown", as in OAP.
const NAMES: Record<number, string> = {
  0: 'Unknown',
  1: 'Tomcat',
  2: 'HttpClient',
  49: 'http',
  4001: 'HttpServer',
  4002: 'Express',
  4005: 'Axios',
  5004: 'GoHttpServer',
  6000: 'Nginx',
  6001: 'Kong',
  6002: 'APISIX',
  9000: 'Envoy',
};

export function componentName(id: number): string {
  return NAMES[id] ?? 'Unknown';
}
