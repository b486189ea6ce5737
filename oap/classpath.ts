/**
 * OAP's classpath from Maven: `mvn dependency:build-classpath` on oap/pom.xml fetches
 * server-starter 10.1.0 and its closure (~260 jars, ~130 MB) from Maven Central into ~/.m2 once,
 * then only lists the jars there. The list is cached next to the build, keyed by the pom's hash,
 * and trusted only while every jar in it still exists.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLASSPATH_CACHE, POM } from './paths';
import { requireTool } from './toolchain';

interface CachedClasspath {
  pomSha256: string;
  jars: string[];
}

function pomHash(): string {
  return createHash('sha256').update(readFileSync(POM)).digest('hex');
}

function readCache(): string[] | undefined {
  if (!existsSync(CLASSPATH_CACHE)) return undefined;
  try {
    const cached = JSON.parse(readFileSync(CLASSPATH_CACHE, 'utf8')) as CachedClasspath;
    if (cached.pomSha256 !== pomHash() || !Array.isArray(cached.jars) || cached.jars.length === 0) return undefined;
    return cached.jars.every((jar) => existsSync(jar)) ? cached.jars : undefined;
  } catch {
    return undefined;
  }
}

function runMaven(outputFile: string, print: (line: string) => void): Promise<void> {
  requireTool('mvn');
  // -B: no progress bars in logs; -q: only errors (a cold resolve would print ~900 download lines).
  const args = ['-B', '-q', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${outputFile}`];
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 20_000) output = output.slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve();
      print(output.trimEnd());
      reject(new Error(`mvn ${args.join(' ')} failed (exit ${code}); is Maven Central reachable?`));
    });
  });
}

/** The jars OAP needs, resolving them with Maven when the cache is missing or stale. */
export async function resolveClasspath(print: (line: string) => void = () => {}): Promise<string[]> {
  const cached = readCache();
  if (cached) return cached;
  print('resolving org.apache.skywalking:server-starter:10.1.0 with Maven (the first time downloads ~130 MB into ~/.m2)');
  mkdirSync(path.dirname(CLASSPATH_CACHE), { recursive: true });
  const listFile = `${CLASSPATH_CACHE}.${process.pid}.tmp`;
  await runMaven(listFile, print);
  const jars = readFileSync(listFile, 'utf8').trim().split(path.delimiter).filter(Boolean);
  rmSync(listFile, { force: true });
  const record: CachedClasspath = { pomSha256: pomHash(), jars };
  writeFileSync(CLASSPATH_CACHE, JSON.stringify(record));
  return jars;
}
