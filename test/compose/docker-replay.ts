/**
 * Replays deploy/docker/Dockerfile without an engine: each stage gets a temp folder standing for its
 * WORKDIR, COPY copies from the build context (.dockerignore applied) or from an earlier stage's
 * folder, and RUN's npm commands run for real. Two substitutions, both named in the report:
 * - the build stage's full `npm ci` (dev dependencies, only for tsc) is stood in by a link to this
 *   repository's node_modules, installed by `npm ci` from the same lockfile;
 * - `npm cache clean --force` is not run: it would empty this machine's shared npm cache.
 * The runtime stage's `npm ci --omit=dev` runs as written, plus `--prefer-offline`.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dockerignoreFilter } from './dockerignore';
import { parseCopy, type Stage } from './dockerfile';
import { REPO_ROOT } from '../../service-kit/repo-paths';

export interface ReplayStep {
  stage: string;
  what: string;
  ms: number;
}

export interface Replay {
  /** stage name → the folder standing for its WORKDIR */
  dirs: Map<string, string>;
  steps: ReplayStep[];
  cleanup(): void;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Without the npm_* variables `npm test` exports: the replay's npm must read only its own folder.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, npm_config_update_notifier: 'false' } });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} in ${cwd} failed (${code ?? signal}):\n${output}`));
    });
  });
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs one `&&`-part of a RUN line, or says why it is stood in. */
async function runPart(part: string, stage: string, dir: string, timeoutMs: number): Promise<string> {
  const words = part.trim().split(/\s+/);
  if (words[0] !== 'npm') throw new Error(`RUN ${part} (stage ${stage}) is not replayed by test/compose; teach docker-replay.ts`);
  const [, sub, ...rest] = words;
  if (sub === 'ci' && rest.includes('--omit=dev')) {
    await run(NPM, ['ci', ...rest, '--prefer-offline'], dir, timeoutMs);
    return `npm ci ${rest.join(' ')} --prefer-offline`;
  }
  if (sub === 'ci') {
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return `npm ci ${rest.join(' ')} (stood in by a link to the repository's node_modules)`;
  }
  if (sub === 'run') {
    await run(NPM, ['run', ...rest], dir, timeoutMs);
    return `npm run ${rest.join(' ')}`;
  }
  if (sub === 'cache' && rest[0] === 'clean') return 'npm cache clean (skipped: shared cache)';
  throw new Error(`RUN ${part} (stage ${stage}) is not replayed by test/compose; teach docker-replay.ts`);
}

function workdirOf(stage: Stage, inherited: string | undefined): string {
  const w = stage.instructions.filter((i) => i.keyword === 'WORKDIR').pop()?.args ?? inherited;
  if (!w) throw new Error(`stage ${stage.name} has no WORKDIR; the replay maps WORKDIR to a temp folder`);
  return w;
}

export async function replayDockerfile(stages: Stage[], options: { timeoutMs: number }): Promise<Replay> {
  const base = mkdtempSync(path.join(tmpdir(), 'sw-edge-docker-'));
  const inContext = dockerignoreFilter(readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8'));
  const dirs = new Map<string, string>();
  const workdirs = new Map<string, string>();
  const steps: ReplayStep[] = [];
  const replay: Replay = { dirs, steps, cleanup: () => rmSync(base, { recursive: true, force: true }) };
  try {
    for (const stage of stages) {
      const parent = dirs.get(stage.from);
      const hasFileSteps = stage.instructions.some((i) => i.keyword === 'COPY' || i.keyword === 'RUN');
      if (parent && hasFileSteps) throw new Error(`stage ${stage.name} changes files on top of ${stage.from}; the replay shares the parent's folder`);
      const dir = parent ?? path.join(base, stage.name);
      mkdirSync(dir, { recursive: true });
      dirs.set(stage.name, dir);
      const workdir = workdirOf(stage, workdirs.get(stage.from));
      workdirs.set(stage.name, workdir);
      for (const instruction of stage.instructions) {
        const started = Date.now();
        if (instruction.keyword === 'COPY') {
          const copy = parseCopy(instruction);
          const dest = path.resolve(dir, path.posix.relative(workdir, path.posix.resolve(workdir, copy.dest)));
          for (const source of copy.sources) {
            let from: string;
            if (copy.fromStage !== null) {
              const fromDir = dirs.get(copy.fromStage);
              if (!fromDir) throw new Error(`COPY --from=${copy.fromStage}: no such earlier stage`);
              from = path.join(fromDir, path.posix.relative(workdirs.get(copy.fromStage)!, source));
            } else {
              if (!inContext(source)) throw new Error(`COPY ${source}: excluded from the build context by .dockerignore`);
              from = path.join(REPO_ROOT, source);
            }
            // Docker: a folder's contents go to dest; a file goes to dest/<name> when dest is a folder.
            const destIsFolder = copy.dest.endsWith('/') || copy.sources.length > 1;
            const to = statSync(from).isFile() && destIsFolder ? path.join(dest, path.basename(source)) : dest;
            cpSync(from, to, {
              recursive: true,
              filter: (file) => copy.fromStage !== null || inContext(path.relative(REPO_ROOT, file) || '.'),
            });
          }
          steps.push({ stage: stage.name, what: `COPY ${instruction.args}`, ms: Date.now() - started });
        } else if (instruction.keyword === 'RUN') {
          for (const part of instruction.args.split('&&')) {
            const t = Date.now();
            const what = await runPart(part, stage.name, dir, options.timeoutMs);
            steps.push({ stage: stage.name, what, ms: Date.now() - t });
          }
        }
      }
    }
    return replay;
  } catch (error) {
    replay.cleanup();
    throw error;
  }
}
