/** One instruction of a Dockerfile: `RUN`, `CMD`, … with its arguments, continuations joined. */
export interface Instruction {
  keyword: string;
  args: string;
}

/** One stage: its base image, its name (`AS …`) and its instructions after `FROM`. */
export interface Stage {
  base: string;
  name: string | undefined;
  instructions: Instruction[];
}

/**
 * Reads a Dockerfile into its stages: comments and parser directives dropped, lines ending in a
 * backslash joined. Enough for the files of this project (no heredocs, no escape directive).
 */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = `${pending}${line}`.trim();
    pending = '';
    if (whole === '') continue;
    const [keyword = '', ...rest] = whole.split(/\s+/);
    const args = whole.slice(keyword.length).trim();
    if (keyword.toUpperCase() === 'FROM') {
      const [base = '', as, name] = rest;
      stages.push({
        base,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`"${keyword}" before any FROM`);
    stage.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

/** The arguments of every `keyword` instruction of a stage. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** The last `keyword` of a stage in exec form (a JSON array), or undefined in shell form. */
export function execForm(stage: Stage, keyword: 'CMD' | 'ENTRYPOINT'): string[] | undefined {
  const last = argsOf(stage, keyword).at(-1);
  if (last === undefined || !last.startsWith('[')) return undefined;
  return JSON.parse(last) as string[];
}

/** The variables a stage's `ENV` instructions set (`ENV A=1 B=2`, values unquoted). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of argsOf(stage, 'ENV')) {
    for (const [, name = '', value = ''] of args.matchAll(/(\w+)=("[^"]*"|\S*)/g)) {
      env[name] = value.replace(/^"|"$/g, '');
    }
  }
  return env;
}
