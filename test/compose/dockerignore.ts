/**
 * .dockerignore as the builder applies it to the build context, for the patterns the file uses:
 * `name`, `dir/name`, `*`, `**` and `!exceptions`, each matched against the path from the context root
 * (a matched directory excludes everything under it).
 */
function toRegExp(pattern: string): RegExp {
  let re = '';
  const p = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      re += p[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += p[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

export function dockerignoreFilter(text: string): (relativePath: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => (l.startsWith('!') ? { keep: true, re: toRegExp(l.slice(1)) } : { keep: false, re: toRegExp(l) }));
  /** true when the path is part of the build context */
  return (relativePath: string) => {
    const p = relativePath.split('\\').join('/');
    let included = true;
    for (const rule of rules) if (rule.re.test(p)) included = rule.keep;
    return included;
  };
}
