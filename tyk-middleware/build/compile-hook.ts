/**
 * TypeScript → one ES5 file that defines exactly one global, the shape Tyk's otto loads
 * (otto is ES5 only: github.com/robertkrimen/otto):
 * 1. esbuild bundles and strips types at esnext (its es5 target refuses const/let/classes/...),
 *    `charset=utf8` because its ASCII escapes of non-BMP characters turn into U+FFFD in otto;
 * 2. SWC lowers to ES5 in loose mode (strict mode lowers for-of via Symbol.iterator, which otto lacks),
 *    without the typeof-Symbol rewrite (otto has no Symbol; the helper only adds bytes to every VM copy);
 *    SWC's compressor also inlines functions called once: otto pays a few microseconds for every function
 *    object Tyk's per-call vm.Copy() clones, so fewer functions is cheaper on every request (bench:edge:
 *    0.71 → 0.57 ms over empty hooks at 0 B);
 * 3. a wrapper defines the one global. The entry hands its middleware to the wrapper through a local
 *    `__swEdgeExport` object rather than `export default`: esbuild's module interop would add a
 *    property-copying helper to every hook, and its `--global-name` binds the module object
 *    (`{default: mw}`), on which Tyk finds no DoProcessRequest.
 */
import { build } from 'esbuild';
import { transform } from '@swc/core';
import type { HookEntry } from './hook-entries';

export async function compileHook(entry: HookEntry, version: string): Promise<string> {
  const bundled = await build({
    entryPoints: [entry.source],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'esnext',
    charset: 'utf8',
    legalComments: 'none',
    minifySyntax: true,
    minifyWhitespace: true,
    minifyIdentifiers: true,
    logLevel: 'silent',
  });
  const lowered = await transform(bundled.outputFiles[0].text, {
    jsc: {
      loose: true,
      parser: { syntax: 'ecmascript' },
      minify: { compress: { inline: 3, reduce_funcs: true, reduce_vars: true, passes: 2 }, mangle: false },
    },
    env: { targets: { ie: '11' }, exclude: ['transform-typeof-symbol'] },
    isModule: false,
    minify: true,
    sourceMaps: false,
  });
  // SWC keeps the module's "use strict", which after the wrapper's first line is no longer a directive,
  // only dead bytes in every per-request VM copy (otto ignores strict mode anyway).
  const code = lowered.code.trim().replace(/^"use strict";/, '');
  return (
    '/* sw-edge ' +
    version +
    ' ' +
    entry.phase +
    ' hook for Tyk JSVM (otto and goja). Generated from tyk-middleware/hooks; do not edit. */\n' +
    'var ' +
    entry.globalName +
    ' = (function () {\n' +
    'var __swEdgeExport = {};\n' +
    code +
    '\n' +
    'return __swEdgeExport.middleware;\n' +
    '})();\n'
  );
}
