// What Tyk's otto VM provides before our files load (Tyk's docs and TykTechnologies/tyk): the TykJS core and the
// Go-side globals. Declared here so the hooks type-check against lib ES5 only.

declare var TykJS: {
  TykMiddleware: {
    NewMiddleware: new (configuration: object) => import('../tyk-contract').TykMiddlewareInstance;
  };
};

/** logrus Info with prefix=jsvm: shows at Tyk's default log level. */
declare function log(message: string): void;
