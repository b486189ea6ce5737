/**
 * What each image of the stack has for a healthcheck to call. Sources: apache/skywalking's OAP image ("OAP
 * image has no curl"; probe with bash /dev/tcp; BanyanDB `nc -nz`), Tyk's docs (the gateway
 * image is distroless: no shell at all), the redis image (redis-cli), and our own images, built on
 * node:*-bookworm-slim (node, no curl or wget).
 */
export interface ImageTools {
  /** executables a healthcheck may start */
  commands: string[];
  /** shells it has, for CMD-SHELL and `sh -c` / `bash -c` scripts */
  shells: string[];
}

const TOOLS: { image: RegExp; tools: ImageTools }[] = [
  { image: /^redis:/, tools: { commands: ['redis-cli'], shells: ['sh', 'bash'] } },
  { image: /^tykio\/tyk-gateway:/, tools: { commands: [], shells: [] } },
  { image: /^apache\/skywalking-oap-server:/, tools: { commands: [], shells: ['bash', 'sh'] } },
  { image: /^apache\/skywalking-banyandb:/, tools: { commands: ['nc'], shells: ['sh'] } },
  { image: /^node:\d+(\.\d+)*-bookworm-slim$/, tools: { commands: ['node'], shells: ['sh', 'bash'] } },
];

export function toolsOf(image: string): ImageTools | null {
  return TOOLS.find((t) => t.image.test(image))?.tools ?? null;
}

/** Shell builtins and keywords a script may use without any executable in the image. */
export const SHELL_BUILTINS = ['exec', 'printf', 'read', 'echo', 'test', '[', '[[', 'exit', 'true', 'false'];

/** The command word of each simple command in a shell script (split on &&, ||, ; and |). */
export function commandWords(script: string): string[] {
  return script
    .replace(/'[^']*'/g, "''")
    .split(/&&|\|\||;|\|/)
    .map((part) => part.trim().split(/\s+/)[0])
    .filter((word) => word !== undefined && word !== '');
}

/** The executables a compose healthcheck test or Dockerfile HEALTHCHECK argv needs, shell included. */
export function executablesOf(test: string[]): { executables: string[]; problems: string[] } {
  const problems: string[] = [];
  const [kind, ...rest] = test;
  let argv: string[];
  if (kind === 'CMD-SHELL') argv = ['sh', '-c', rest.join(' ')];
  else if (kind === 'CMD') argv = rest;
  else if (kind === 'NONE') return { executables: [], problems };
  else argv = test; // Dockerfile exec form
  const [program, ...args] = argv;
  if (program === undefined) return { executables: [], problems: ['empty healthcheck'] };
  const executables = [program];
  if ((program === 'sh' || program === 'bash') && args[0] === '-c') {
    for (const word of commandWords(args[1] ?? '')) if (!SHELL_BUILTINS.includes(word)) executables.push(word);
  }
  return { executables, problems };
}
