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
