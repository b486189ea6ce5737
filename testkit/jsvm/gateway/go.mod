// The gateway's side of Tyk's JSVM call path, shared by the otto and goja harnesses: how the request is
// marshalled and pasted into the call, how the return is decoded and applied, the -serve protocol and the
// -bench loop. Standard library only; each harness requires it through a replace directive.
module sw-edge-trace/jsvm-gateway

go 1.22
