/**
 * Tyk's JSVM contract as data (gateway/mw_js_plugin.go): the request object the gateway pastes into
 * `NAME.DoProcessRequest(request, session, spec)` and reads back. Shared by the hooks (which run in
 * otto) and the Node edge emulator (which plays the gateway's side). Types only.
 */

/** MiniRequestObject, with Go's field names. */
export interface TykRequest {
  /** A copy of the incoming headers, canonical Go names (`Sw8`), `Host` added. Read-only to the gateway. */
  Headers: { [name: string]: string[] };
  SetHeaders: { [name: string]: string };
  DeleteHeaders: string[];
  /** Standard base64 of the whole body. */
  Body: string;
  URL: string;
  Params: { [name: string]: string[] };
  AddParams: { [name: string]: string };
  ExtendedParams: { [name: string]: string[] };
  DeleteParams: string[];
  ReturnOverrides: {
    ResponseCode: number;
    ResponseError: string;
    ResponseBody?: string;
    ResponseHeaders?: { [name: string]: string };
    OverrideError?: boolean;
  };
  /** True: the gateway keeps the original body and ignores `Body`. */
  IgnoreBody: boolean;
  Method: string;
  RequestURI: string;
  Scheme: string;
}

/** The third argument: the API's ids and its `config_data` (null when absent or disabled). */
export interface TykSpec {
  OrgID?: string;
  APIID?: string;
  config_data?: { [key: string]: unknown } | null;
}

export interface TykMiddlewareInstance {
  NewProcessRequest(fn: (request: TykRequest, session: unknown, config: TykSpec) => unknown): void;
  DoProcessRequest(request: TykRequest, session: unknown, spec: TykSpec): string | undefined;
  ReturnData(request: TykRequest, sessionMeta: { [key: string]: string }): unknown;
}
