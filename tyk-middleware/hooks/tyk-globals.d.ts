// What Tyk's otto VM provides before our files load (facts/tyk-jsvm.md): the TykJS core and the
// Go-side globals. Declared here so the hooks type-check against lib ES5 only.

/** A Tyk MiniRequestObject as the gateway pastes it into `DoProcessRequest` (Go field names). */
interface TykRequest {
  Headers: { [name: string]: string[] };
  SetHeaders: { [name: string]: string };
  DeleteHeaders: string[];
  /** Standard base64 of the whole body. Our hooks never read it. */
  Body: string;
  URL: string;
  Params: { [name: string]: string[] };
  AddParams: { [name: string]: string };
  ExtendedParams: { [name: string]: string[] };
  DeleteParams: string[];
  ReturnOverrides: { ResponseCode: number; ResponseError: string; ResponseBody?: string; ResponseHeaders?: { [name: string]: string }; OverrideError?: boolean };
  IgnoreBody: boolean;
  Method: string;
  RequestURI: string;
  Scheme: string;
}

interface TykSpec {
  OrgID?: string;
  APIID?: string;
  config_data?: { [key: string]: unknown };
}

interface TykMiddlewareInstance {
  NewProcessRequest(fn: (request: TykRequest, session: unknown, config: TykSpec) => unknown): void;
  DoProcessRequest(request: TykRequest, session: unknown, spec: TykSpec): string | undefined;
  ReturnData(request: TykRequest, sessionMeta: { [key: string]: string }): unknown;
}

declare var TykJS: {
  TykMiddleware: {
    NewMiddleware: new (configuration: object) => TykMiddlewareInstance;
  };
};

/** logrus Info with prefix=jsvm: shows at Tyk's default log level. */
declare function log(message: string): void;
