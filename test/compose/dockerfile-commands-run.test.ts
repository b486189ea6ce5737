/**
 * The images' commands work, proven without an engine: deploy/docker/Dockerfile is replayed into temp
 * folders (docker-replay.ts: build stage compiled with `npm run build:node` from only what it COPYs,
 * runtime stage installed with its own `npm ci --omit=dev`), then each target's CMD is started there
 * with its image ENV and its compose environment (service names rewritten to local ports), and its
 * HEALTHCHECK command, run as written, has to pass. Finally one image goes through the BFF to the model.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jpeg, solid } from '../../testkit/images';
import { CLOSED_PORT } from '../helpers/closed-port';
import { poll } from '../../testkit/poll';
import { waitForListeningPort } from '../../testkit/listening-port';
import { envOf, loadCompose } from './compose-file';
import { effectiveInstructions, envOfTarget, execForm, lastOf, parseDockerfile } from './dockerfile';
import { replayDockerfile, type Replay } from './docker-replay';
import { readRepoText } from './repo';

const stages = parseDockerfile(readRepoText('deploy', 'docker', 'Dockerfile'));
const services = loadCompose().services;
const NPM_TIMEOUT_MS = 150_000;
const READY_TIMEOUT_MS = 120_000;
/** uid/gid of `nobody`, standing in for the image's non-root `node` user when the tests run as root. */
const NOBODY = 65534;

interface Started {
  child: ChildProcess;
  output: () => string;
  env: NodeJS.ProcessEnv;
}

/** Starts a target's CMD in the runtime folder, with only the image's ENV, the compose env and PATH. */
function startTarget(replay: Replay, target: string, composeEnv: { [name: string]: string }): Started {
  const instructions = effectiveInstructions(stages, target);
  const cmd = lastOf(instructions, 'CMD');
  assert.ok(cmd, `${target} has no CMD`);
  const [program, ...args] = execForm(cmd);
  assert.equal(program, 'node', `${target}: CMD should start node directly (signals reach it; no shell in between)`);
  const user = lastOf(instructions, 'USER');
  assert.ok(user && user.args !== 'root' && user.args !== '0', `${target} runs as root`);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: '/nonexistent', ...envOfTarget(stages, target), ...composeEnv };
  // The image runs as USER node over root-owned files; as root here, run as nobody to prove the same:
  // the service needs to read its install and write nothing there (nor in HOME).
  const asUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
  const child = spawn(process.execPath, args, { cwd: replay.dirs.get(target)!, env, stdio: ['ignore', 'pipe', 'pipe'], ...asUser });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-6000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => output, env };
}

/** Runs the target's HEALTHCHECK argv as written (node from PATH) with the container's env. */
function healthcheck(target: string, env: NodeJS.ProcessEnv): number | null {
  const check = lastOf(effectiveInstructions(stages, target), 'HEALTHCHECK');
  assert.ok(check, `${target} has no HEALTHCHECK`);
  const [program, ...args] = execForm(check);
  return spawnSync(program, args, { env, timeout: 5000 }).status;
}

/**
 * The port a target bound with PORT=0. The HEALTHCHECK then runs with that PORT, as in the
 * container, where the check and the server read the same PORT.
 */
async function listeningPort(target: string, started: Started): Promise<number> {
  const port = await waitForListeningPort(target, started.output, () => started.child.exitCode !== null, READY_TIMEOUT_MS);
  started.env.PORT = String(port);
  return port;
}

async function waitHealthy(target: string, started: Started): Promise<void> {
  await poll(
    () => {
      if (started.child.exitCode !== null) assert.fail(`${target} exited (${started.child.exitCode}) before it was healthy:\n${started.output()}`);
      return healthcheck(target, started.env) === 0;
    },
    () => started.output(),
    `${target}'s HEALTHCHECK to pass`,
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500 },
  );
}

function stop(started: Started | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return resolve();
    const kill = setTimeout(() => started.child.kill('SIGKILL'), 8000);
    started.child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    started.child.kill('SIGTERM');
  });
}

/** compose env with `host:port` of other services replaced by local addresses. */
function localEnv(env: { [name: string]: string }, addresses: { [hostPort: string]: string }): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  for (const [name, value] of Object.entries(env)) {
    out[name] = Object.entries(addresses).reduce((v, [from, to]) => v.split(from).join(to), value);
  }
  return out;
}

describe('the Dockerfile commands run from a clean copy (no engine)', { timeout: 420_000 }, () => {
  let replay: Replay | undefined;
  let model: Started | undefined;
  let bff: Started | undefined;
  const ports = { model: 0, bff: 0 };
  // OAP stands in as a closed port: the agents must cope.
  const oap = CLOSED_PORT;

  before(async () => {
    replay = await replayDockerfile(stages, { timeoutMs: NPM_TIMEOUT_MS });
    // mkdtemp makes the replay's base folder 0700; the image's /app is world-readable.
    chmodSync(path.dirname(replay.dirs.get('runtime')!), 0o755);
    for (const step of replay.steps) console.log(`replay ${step.stage.padEnd(8)} ${String(step.ms).padStart(6)} ms  ${step.what}`);
  });

  after(async () => {
    await Promise.all([stop(bff), stop(model)]);
    replay?.cleanup();
  });

  it('the build stage compiled the services from only what it copies', () => {
    const build = replay!.dirs.get('build')!;
    for (const entry of ['bff/main.js', 'model/main.js', 'model/pool/worker.js'])
      assert.ok(existsSync(path.join(build, 'dist', 'node', entry)), `build stage did not produce dist/node/${entry}`);
  });

  it('the runtime stage has production dependencies only, and the compiled code', () => {
    const runtime = replay!.dirs.get('runtime')!;
    const installed = readdirSync(path.join(runtime, 'node_modules'));
    for (const dep of ['express', 'busboy', 'got', 'skywalking-backend-js', 'sharp', 'nsfwjs']) assert.ok(installed.includes(dep), `${dep} missing`);
    for (const dev of ['typescript', 'tsx', 'esbuild', 'supertest']) assert.ok(!installed.includes(dev), `dev dependency ${dev} installed`);
    assert.ok(existsSync(path.join(runtime, 'dist', 'node', 'bff', 'main.js')));
  });

  it('model: CMD starts and its HEALTHCHECK (GET /readyz) passes once the model is loaded', async () => {
    const env = localEnv(envOf(services.model), { 'oap:11800': oap, 'oap:12800': oap });
    model = startTarget(replay!, 'model', { ...env, PORT: '0', MODEL_WORKERS: '1' });
    ports.model = await listeningPort('model', model);
    await waitHealthy('model', model);
    const ready = await fetch(`http://127.0.0.1:${ports.model}/readyz`);
    assert.equal(ready.status, 200);
    if (process.getuid?.() === 0) {
      const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${model.child.pid}/status`, 'utf8'))?.[1];
      assert.equal(Number(uid), NOBODY, 'the model was meant to run as a non-root user');
    }
  });

  it('bff: CMD starts and its HEALTHCHECK (GET /healthz) passes', async () => {
    const env = localEnv(envOf(services.bff), {
      [`model:${envOf(services.model).PORT}`]: `127.0.0.1:${ports.model}`,
      'oap:11800': oap,
      'oap:12800': oap,
    });
    assert.equal(env.MODEL_URL, `http://127.0.0.1:${ports.model}`, 'MODEL_URL was not rewritten: compose names another model address');
    bff = startTarget(replay!, 'bff', { ...env, PORT: '0' });
    ports.bff = await listeningPort('bff', bff);
    await waitHealthy('bff', bff);
  });

  it('the HEALTHCHECK fails (exit 1) when nothing listens', () => {
    const env = { PATH: process.env.PATH, PORT: CLOSED_PORT.split(':')[1] };
    assert.equal(healthcheck('bff', env), 1);
    assert.equal(healthcheck('model', env), 1);
  });

  it('an image classified through the BFF by the model, both running from the clean install', async () => {
    const image = await jpeg(solid(64, 64, 'rgb(120,160,200)'));
    const form = new FormData();
    form.append('image', new Blob([image], { type: 'image/jpeg' }), 'sample.jpg');
    const answer = await fetch(`http://127.0.0.1:${ports.bff}/api/v1/classify`, { method: 'POST', body: form });
    const body = (await answer.json()) as { predictions?: { label: string; probability: number }[] };
    assert.equal(answer.status, 200, JSON.stringify(body));
    assert.ok(Array.isArray(body.predictions) && body.predictions.length > 0, JSON.stringify(body));
    assert.match(answer.headers.get('server-timing') ?? '', /model;dur=/);
  });
});
