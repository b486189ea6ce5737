/**
 * SkyWalking component ids and the names OAP shows for them (apache/skywalking
 * `oap-server/server-starter/src/main/resources/component-libraries.yml`): the ids this project's
 * agents and reporters send, plus the gateways. OAP accepts ids it does not know and shows them as
 * `Unknown`. Tyk has no id of its own: the edge segment uses `http` (49), as docs/architecture.md says.
 *
 * ES5-safe: type-checked against lib ES5 (tsconfig.es5.json).
 */
export const COMPONENTS = {
  unknown: { id: 0, name: 'Unknown' },
  tomcat: { id: 1, name: 'Tomcat' },
  /** The Node agent's client exit spans. */
  httpClient: { id: 2, name: 'HttpClient' },
  /** `http`: Node server entries, and the Tyk edge segment. */
  http: { id: 49, name: 'http' },
  httpServer: { id: 4001, name: 'HttpServer' },
  express: { id: 4002, name: 'Express' },
  axios: { id: 4005, name: 'Axios' },
  goHttpServer: { id: 5004, name: 'GoHttpServer' },
  nginx: { id: 6000, name: 'Nginx' },
  kong: { id: 6001, name: 'Kong' },
  apisix: { id: 6002, name: 'APISIX' },
  envoy: { id: 9000, name: 'Envoy' },
} as const;

export type ComponentKey = keyof typeof COMPONENTS;

/** The ids by key (`COMPONENT_IDS.http` is 49), derived from COMPONENTS. */
export const COMPONENT_IDS = {} as { readonly [K in ComponentKey]: (typeof COMPONENTS)[K]['id'] };

const NAMES_BY_ID: { [id: number]: string } = {};

for (const key in COMPONENTS) {
  const component = COMPONENTS[key as ComponentKey];
  (COMPONENT_IDS as { [key: string]: number })[key] = component.id;
  NAMES_BY_ID[component.id] = component.name;
}

/** The name OAP shows for a component id; `Unknown` for an id it does not know, as in OAP. */
export function componentName(id: number): string {
  return Object.prototype.hasOwnProperty.call(NAMES_BY_ID, id) ? NAMES_BY_ID[id] : COMPONENTS.unknown.name;
}
