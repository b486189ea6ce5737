/**
 * SkyWalking component ids (apache/skywalking `oap-server/server-starter/src/main/resources/
 * component-libraries.yml`). OAP accepts ids it does not know and shows them as `Unknown`.
 * Tyk has no id of its own: the edge segment uses `http` (49), as design.md fixes.
 */
export const COMPONENT_IDS = {
  unknown: 0,
  /** The Node agent's client exit spans. */
  httpClient: 2,
  /** `http`: Node server entries, and the Tyk edge segment. */
  http: 49,
  httpServer: 4001,
  express: 4002,
};
