import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A goal on one figure: the figure must be at most / at least the target. */
export interface Goal {
  figure: string;
  op: '<=' | '>=' | '<' | '>' | '==';
  target: number;
}

/** What one scenario measured. */
export interface ScenarioResult {
  id: string;
  title: string;
  figures: Record<string, number>;
  goals: Goal[];
  notes?: string[];
}

/** Whether a figure meets its goal (a missing figure never does). */
export function meets(result: ScenarioResult, goal: Goal): boolean {
  const value = result.figures[goal.figure];
  if (value === undefined || Number.isNaN(value)) return false;
  switch (goal.op) {
    case '<=':
      return value <= goal.target;
    case '>=':
      return value >= goal.target;
    case '<':
      return value < goal.target;
    case '>':
      return value > goal.target;
    case '==':
      return value === goal.target;
    default: {
      const never: never = goal.op;
      throw new Error(`unknown operator ${String(never)}`);
    }
  }
}

function rows(results: readonly ScenarioResult[]): string[][] {
  return results.flatMap((r) =>
    Object.entries(r.figures).map(([figure, value]) => {
      const goal = r.goals.find((g) => g.figure === figure);
      const verdict = goal ? (meets(r, goal) ? 'met' : 'MISSED') : '';
      return [r.id, r.title, figure, String(value), goal ? `${goal.op} ${goal.target}` : '', verdict];
    }),
  );
}

const HEADER = ['#', 'Scenario', 'Figure', 'Value', 'Goal', ''];

/** The results as a markdown table. */
export function markdown(results: readonly ScenarioResult[], meta: Record<string, string>): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`, ...rows(results).map((r) => `| ${r.join(' | ')} |`)];
  const notes = results.flatMap((r) => (r.notes ?? []).map((n) => `- ${r.id}: ${n}`));
  const head = Object.entries(meta).map(([k, v]) => `${k}: ${v}`).join(' · ');
  return `${head}\n\n${lines.join('\n')}\n${notes.length ? `\n${notes.join('\n')}\n` : ''}`;
}

/** The results as an aligned plain-text table for the terminal. */
export function table(results: readonly ScenarioResult[]): string {
  const all = [HEADER, ...rows(results)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

/** Writes <dir>/<timestamp>.json and .md, and latest.md when `latest` (a full run of every scenario); returns the json path. */
export function save(dir: string, results: readonly ScenarioResult[], meta: Record<string, string>, latest: boolean): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = path.join(dir, `${stamp}.json`);
  writeFileSync(json, `${JSON.stringify({ meta, results }, null, 2)}\n`);
  const md = markdown(results, meta);
  writeFileSync(path.join(dir, `${stamp}.md`), md);
  if (latest) writeFileSync(path.join(dir, 'latest.md'), md);
  return json;
}
