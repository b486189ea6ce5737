/** The compiled hooks are plain ES5 that otto can load: static gates on the shipped files. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import vm from 'node:vm';
import { es5SyntaxError } from '../../tyk-middleware/build/es5-check';
import { lintFiles } from '../../testkit/jsvm/harness-client';
import { builtHookFiles } from './edge-files';

const root = path.resolve(__dirname, '..', '..');

describe('compiled hooks', () => {
  test('parse as ECMAScript 5 (acorn)', () => {
    for (const { path: file } of builtHookFiles()) assert.equal(es5SyntaxError(readFileSync(file, 'utf8')), undefined, file);
  });

  test('the ES5 gate itself rejects ES2015 syntax', () => {
    assert.match(es5SyntaxError('const x = () => 1;') ?? '', /reserved|Unexpected/);
  });

  test("every regex compiles the way otto's RE2 does, and the files load (real otto lint)", async () => {
    const result = await lintFiles(builtHookFiles(), { engine: 'otto' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /otto-lint OK/);
  });

  test('the files compile and replay in goja with no Go API, and export their handlers (goja lint)', async () => {
    const result = await lintFiles(builtHookFiles(), { engine: 'goja' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /goja-lint OK: 2 file/);
  });

  test('each file defines exactly one global, the hook Tyk calls, with a DoProcessRequest', () => {
    // One namespace per API in Tyk: a stray global could clash with another middleware's.
    for (const {
      path: file,
      hooks: [name],
    } of builtHookFiles()) {
      // What every Tyk driver has defined when a middleware file's top level runs: the TykJS core and a
      // log (goja's is a no-op then). No b64enc/b64dec: goja registers them only after the replay.
      const given = { TykJS: { TykMiddleware: { NewMiddleware: function NewMiddleware() {} } }, log: () => undefined };
      const context = vm.createContext({ ...given });
      vm.runInContext(readFileSync(file, 'utf8'), context);
      assert.deepEqual(
        Object.keys(context).filter((key) => !(key in given)),
        [name],
        file,
      );
      assert.equal(typeof context[name].DoProcessRequest, 'function');
    }
  });

  test('each compiled hook is at most 8 KB (Tyk deep-copies the VM on every call)', () => {
    for (const { path: file } of builtHookFiles()) {
      const size = readFileSync(file).length;
      assert.ok(size <= 8192, `${path.basename(file)} is ${size} bytes`);
    }
  });
});

describe('the ES5 type check of the hook sources (tsconfig.es5.json)', () => {
  test('rejects a builtin otto lacks, so the check is live', () => {
    const dir = mkdtempSync(path.join(root, 'dist', 'es5-probe-'));
    const probe = path.join(dir, 'probe.ts');
    writeFileSync(probe, "export const found = 'abc'.includes('b') && new Map<string, number>().size === 0;\n");
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(root, 'tsconfig.es5.json'), include: [probe] }));
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.notEqual(tsc.status, 0);
    assert.match(tsc.stdout, /TS2550|TS2583/);
  });
});
