/**
 * Java and Maven, found on PATH before anything is started, so that a machine without them gets one
 * line saying what to install instead of a spawn ENOENT.
 */
import { spawnSync } from 'node:child_process';

export class OapToolMissing extends Error {}

const INSTALL: Record<'java' | 'mvn', string> = {
  java: 'the real OAP needs Java 17 or newer on PATH: apt-get install default-jre-headless',
  mvn: 'the real OAP is fetched from Maven Central with Maven: apt-get install maven',
};

/** Throws OapToolMissing when `tool` is not on PATH (or not runnable). */
export function requireTool(tool: 'java' | 'mvn'): void {
  const found = spawnSync(tool, tool === 'java' ? ['-version'] : ['-v'], { stdio: 'ignore', timeout: 30_000 });
  if (found.error || found.status !== 0) throw new OapToolMissing(INSTALL[tool]);
}

/** OAP 10.1.0 is built for Java 11 and runs on 17 (what Debian 12 ships); `java -version` prints to stderr. */
export function javaMajorVersion(): number | undefined {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${out.stderr}${out.stdout}`);
  if (!match) return undefined;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}
