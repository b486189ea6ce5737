/**
 * Runs Tyk JSVM hooks in Node with the gateway's contract: the TykJS stand-in and the bundle's
 * files loaded into a fresh `vm` context per call (Tyk deep-copies the API's VM per call, so no state
 * survives), `NAME.DoProcessRequest(request, session, spec)` evaluated with Tyk's timeout, and the
 * same fail-closed outcomes: a throw, a timeout or a return value that is not the JSON of
 * `{Request: ...}` is an error, which the gateway answers with 500.
 *
 * A development aid, not Tyk: bodies are streamed to the upstream, not pasted into the VM, so a hook
 * must return `IgnoreBody: true` (ours do). With the manifest driver `javascript` (Tyk 5.15's goja)
 * it loads as that driver does: each file wrapped in a function that exports only the manifest's
 * handler names, replayed with log/rawlog as no-ops and without the Go API, which comes after.
 * The proof that the hooks run in otto and goja is in CI (test/edge/hooks-in-both-engines.test.ts).
 */
import vm from 'node:vm';
import type { TykRequest } from '../tyk-middleware/tyk-contract';
import { tykGlobals } from './tyk-globals';

export interface JsvmSpec {
  APIID: string;
  OrgID: string;
  config_data: { [key: string]: unknown } | null;
}

export type JsvmOutcome = { ok: true; request: TykRequest } | { ok: false; error: string };

export interface JsvmOptions {
  tykjsSource: string;
  files: { fileName: string; source: string }[];
  /** The manifest's driver: `otto` (the default) or `javascript` (goja). */
  driver?: string;
  /** goja: the handler names the manifest gives each file, the only names its wrapper exports. */
  exports?: { [fileName: string]: string[] };
  timeoutMs: number;
  log: (line: string) => void;
}

export class Jsvm {
  private readonly scripts: vm.Script[];

  private readonly goja: boolean;

  constructor(private readonly options: JsvmOptions) {
    this.goja = options.driver === 'javascript';
    const source = (file: { fileName: string; source: string }): string => {
      const names = this.goja ? (options.exports?.[file.fileName] ?? []) : [];
      if (names.length === 0) return file.source;
      const exported = names.map((name) => `if (typeof ${name} !== 'undefined') globalThis[${JSON.stringify(name)}] = ${name};`);
      return `(function () {\n${file.source}\n;\n${exported.join('\n')}\n})();\n`;
    };
    this.scripts = [
      new vm.Script(options.tykjsSource, { filename: 'tykjs.js' }),
      ...options.files.map((file) => new vm.Script(source(file), { filename: file.fileName })),
    ];
  }

  run(hookName: string, request: TykRequest, spec: JsvmSpec): JsvmOutcome {
    const globals = tykGlobals((line) => this.options.log(`${hookName}: ${line}`));
    const context = vm.createContext(this.goja ? { log: () => undefined, rawlog: () => undefined } : globals);
    let returned: unknown;
    try {
      for (const script of this.scripts) script.runInContext(context, { timeout: this.options.timeoutMs });
      if (this.goja) Object.assign(context, globals);
      const expression = `${hookName}.DoProcessRequest(${JSON.stringify(request)}, {}, ${JSON.stringify(spec)});`;
      returned = vm.runInContext(expression, context, { timeout: this.options.timeoutMs });
    } catch (error) {
      return { ok: false, error: `${hookName} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (typeof returned !== 'string')
      return { ok: false, error: `${hookName} returned ${returned === undefined ? 'nothing' : typeof returned}, not the JSON of {Request: ...}` };
    let parsed: { Request?: TykRequest };
    try {
      parsed = JSON.parse(returned);
    } catch {
      return { ok: false, error: `${hookName} returned text that is not JSON: ${returned.slice(0, 120)}` };
    }
    if (!parsed || typeof parsed.Request !== 'object' || parsed.Request === null) return { ok: false, error: `${hookName} returned no Request object` };
    if (parsed.Request.IgnoreBody !== true)
      return { ok: false, error: `${hookName} returned IgnoreBody false; the emulator streams bodies and cannot apply a rewritten body` };
    return { ok: true, request: parsed.Request };
  }
}
