// TykJS stand-in: the JavaScript core the Tyk gateway evaluates into every
// API's JSVM before any middleware file (Tyk's `coreJS`, compiled in since
// Tyk 2.7). This is our own code for the gateway's contract, not Tyk's
// source. Plain ES5, no Node-isms: it runs in otto (testkit/jsvm/otto), in goja
// (testkit/jsvm/goja, replayed on a fresh runtime per call as Tyk 5.15 does) and in
// the Node edge emulator. It relies only on globals the gateway provides:
// log(msg), b64dec(str), b64enc(str).
//
// Contract (TykTechnologies/tyk gateway/mw_js_plugin.go, released ≤ 5.14):
// - `new TykJS.TykMiddleware.NewMiddleware(config)` makes a middleware object;
//   the gateway calls `<global>.DoProcessRequest(request, session, spec)`.
// - `NewProcessRequest(fn)` installs fn(request, session, spec) as the
//   instance's ProcessRequest, called as a method of the instance.
// - The stock DoProcessRequest base64-decodes request.Body (b64dec), calls
//   ProcessRequest; a falsy result logs "Middleware didn't return request
//   object!" and returns undefined (the gateway then answers 500). Otherwise
//   it empties Request.Headers (incoming headers are read-only: changes go
//   through SetHeaders/DeleteHeaders), base64-encodes Request.Body (b64enc)
//   and returns JSON.stringify(result).
// - ReturnData(request, meta) -> {Request, SessionMeta};
//   ReturnAuthData(request, session) -> {Request, Session} (auth_check).
var TykJS = (function () {
  function MiddlewareComponentMeta(configuration) {
    this.configuration = configuration;
  }

  // Default handler when NewProcessRequest was never called: passes the raw
  // request on, which is not the {Request: ...} shape, so the gateway's
  // decode leaves everything at its zero value.
  MiddlewareComponentMeta.prototype.ProcessRequest = function (request, session, config) {
    log('Process Request Not Implemented');
    return request;
  };

  MiddlewareComponentMeta.prototype.DoProcessRequest = function (request, session, config) {
    request.Body = b64dec(request.Body);
    var result = this.ProcessRequest(request, session, config);
    if (!result) {
      log("Middleware didn't return request object!");
      return undefined;
    }
    result.Request.Headers = {};
    result.Request.Body = b64enc(result.Request.Body);
    return JSON.stringify(result);
  };

  function NewMiddleware(configuration) {
    MiddlewareComponentMeta.call(this, configuration);
  }
  NewMiddleware.prototype = Object.create(MiddlewareComponentMeta.prototype);
  NewMiddleware.prototype.constructor = NewMiddleware;

  NewMiddleware.prototype.NewProcessRequest = function (callback) {
    this.ProcessRequest = callback;
  };

  NewMiddleware.prototype.ReturnData = function (request, sessionMeta) {
    return { Request: request, SessionMeta: sessionMeta };
  };

  NewMiddleware.prototype.ReturnAuthData = function (request, session) {
    return { Request: request, Session: session };
  };

  // Event handlers (Tyk's TykEventHandlers): Handle(event, context) installed
  // with NewHandler, called through DoProcessEvent.
  function EventHandlerComponentMeta() {}

  EventHandlerComponentMeta.prototype.DoProcessEvent = function (event, context) {
    log('Calling built - in handle');
    this.Handle(event, context);
  };

  EventHandlerComponentMeta.prototype.Handle = function (request, context) {
    log('Handler not implemented!');
    return request;
  };

  function NewEventHandler() {
    EventHandlerComponentMeta.call(this);
  }
  NewEventHandler.prototype = Object.create(EventHandlerComponentMeta.prototype);
  NewEventHandler.prototype.constructor = NewEventHandler;

  NewEventHandler.prototype.NewHandler = function (callback) {
    this.Handle = callback;
  };

  return {
    TykMiddleware: {
      MiddlewareComponentMeta: MiddlewareComponentMeta,
      NewMiddleware: NewMiddleware,
    },
    TykEventHandlers: {
      EventHandlerComponentMeta: EventHandlerComponentMeta,
      NewEventHandler: NewEventHandler,
    },
  };
})();
