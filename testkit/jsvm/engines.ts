// The two JS engines Tyk runs middleware in, each with a Go harness that calls hooks the way that
// driver does. One table, so every test and the bench loop over both.
import path from 'node:path';
import { REPO_ROOT } from '../../service-kit/repo-paths';

export type EngineName = 'otto' | 'goja';

export interface EngineInfo {
  name: EngineName;
  /** The bundle manifest's `custom_middleware.driver` for this engine. */
  driver: 'otto' | 'javascript';
  /** Who runs it, for messages and bench headings. */
  gateway: string;
  harnessSource: string;
  harnessBinary: string;
  /** The engine module the harness pins, as go.mod has it. */
  module: string;
}

export const TYKJS_PATH = path.join(REPO_ROOT, 'tykjs', 'tykjs.js');
/** The gateway's side of the call path, shared by both harnesses (a rebuild is due when it changes too). */
export const GATEWAY_SOURCE = path.join(REPO_ROOT, 'testkit', 'jsvm', 'gateway');

const engine = (name: EngineName, driver: EngineInfo['driver'], gateway: string, module: string): EngineInfo => ({
  name,
  driver,
  gateway,
  module,
  harnessSource: path.join(REPO_ROOT, 'testkit', 'jsvm', name),
  harnessBinary: path.join(REPO_ROOT, 'dist', `${name}-harness`, `${name}-harness`),
});

export const ENGINES: readonly EngineInfo[] = [
  engine('otto', 'otto', 'Tyk ≤ 5.14 (driver "otto")', 'github.com/robertkrimen/otto v0.5.1'),
  engine('goja', 'javascript', 'Tyk 5.15 (driver "javascript")', 'github.com/dop251/goja v0.0.0-20241024094426-79f3a7efcdbd'),
];

export function engineInfo(name: EngineName): EngineInfo {
  const found = ENGINES.find((e) => e.name === name);
  if (!found) throw new Error(`unknown engine ${String(name)}`);
  return found;
}
