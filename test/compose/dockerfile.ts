/**
 * A small Dockerfile reader for deploy/docker/Dockerfile: stages, their instructions (continuation
 * lines joined, comments dropped), and what a target inherits from the stages it is built FROM.
 * It knows the instructions the Dockerfile is allowed to use and fails on any other, so a new kind
 * of line cannot slip past the engine-free replay in dockerfile-commands-run.test.ts.
 */
export const KNOWN = ['FROM', 'WORKDIR', 'COPY', 'RUN', 'ENV', 'USER', 'EXPOSE', 'HEALTHCHECK', 'CMD'] as const;
export type Keyword = (typeof KNOWN)[number];

export interface Instruction {
  keyword: Keyword;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i].trim();
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`Dockerfile line ${first}: cannot read ${JSON.stringify(line)}`);
    const keyword = match[1].toUpperCase() as Keyword;
    if (!KNOWN.includes(keyword)) throw new Error(`Dockerfile line ${first}: ${keyword} is not replayed by test/compose; teach the test or avoid it`);
    const args = match[2].trim();
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile line ${first}: FROM ${args}`);
      stages.push({ from: from[1], name: from[2] ?? String(stages.length), instructions: [] });
      continue;
    }
    if (stages.length === 0) throw new Error(`Dockerfile line ${first}: ${keyword} before FROM`);
    stages[stages.length - 1].instructions.push({ keyword, args, line: first });
  }
  return stages;
}

/** The chain of stages a target is built from, base first (`FROM runtime AS bff` → [runtime, bff]). */
export function stageChain(stages: Stage[], target: string): Stage[] {
  const byName = new Map(stages.map((s) => [s.name, s]));
  const chain: Stage[] = [];
  let current = byName.get(target);
  if (!current) throw new Error(`no stage ${target}`);
  while (current) {
    chain.unshift(current);
    current = byName.get(current.from);
  }
  return chain;
}

/** The external image a target finally rests on. */
export function baseImage(stages: Stage[], target: string): string {
  return stageChain(stages, target)[0].from;
}

/** Instructions of a target with those of its parent stages, in build order. */
export function effectiveInstructions(stages: Stage[], target: string): Instruction[] {
  return stageChain(stages, target).flatMap((s) => s.instructions);
}

/** `KEY=value KEY2="v"` → map (the only ENV form the Dockerfile uses). */
export function parseEnv(args: string): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) out[m[1]] = m[3] ?? m[2];
  return out;
}

export function envOfTarget(stages: Stage[], target: string): { [name: string]: string } {
  return Object.assign(
    {},
    ...effectiveInstructions(stages, target)
      .filter((i) => i.keyword === 'ENV')
      .map((i) => parseEnv(i.args)),
  );
}

/** The JSON (exec) form of CMD or of HEALTHCHECK's CMD; the shell form is refused (it needs /bin/sh). */
export function execForm(instruction: Instruction): string[] {
  let args = instruction.args;
  if (instruction.keyword === 'HEALTHCHECK') {
    const cmd = /^((?:--[a-z-]+=\S+\s+)*)CMD\s+(.*)$/.exec(args);
    if (!cmd) throw new Error(`Dockerfile line ${instruction.line}: HEALTHCHECK without CMD`);
    args = cmd[2];
  }
  const argv = JSON.parse(args) as unknown;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) {
    throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} must use the JSON form`);
  }
  return argv as string[];
}

export function lastOf(instructions: Instruction[], keyword: Keyword): Instruction | undefined {
  return instructions.filter((i) => i.keyword === keyword).pop();
}

export interface CopyInstruction {
  fromStage: string | null;
  sources: string[];
  dest: string;
}

export function parseCopy(instruction: Instruction): CopyInstruction {
  const words = instruction.args.split(/\s+/);
  let fromStage: string | null = null;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() as string;
    const from = /^--from=(.+)$/.exec(flag);
    if (!from) throw new Error(`Dockerfile line ${instruction.line}: COPY ${flag} is not replayed by test/compose`);
    fromStage = from[1];
  }
  if (words.length < 2) throw new Error(`Dockerfile line ${instruction.line}: COPY needs a source and a destination`);
  const dest = words.pop() as string;
  return { fromStage, sources: words, dest };
}
