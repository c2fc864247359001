import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';

export const BENCHMARKS_FILE = resolve(import.meta.dirname, '../../docs/benchmarks.md');

/** One line describing the machine a figure was measured on. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 1024 ** 3).toFixed(0);
  const db = new Database(':memory:');
  const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  return `${cpus().length} × ${cpu}, ${gib} GiB RAM, Node ${process.versions.node}, SQLite ${sqlite}, ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * Replaces the block between `<!-- bench:key -->` and `<!-- /bench:key -->` in
 * docs/benchmarks.md with `markdown`, appending the block when it is not there yet, so each
 * benchmark rewrites only its own section.
 */
export function writeBenchmarkSection(key: string, markdown: string): void {
  const start = `<!-- bench:${key} -->`;
  const end = `<!-- /bench:${key} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  mkdirSync(dirname(BENCHMARKS_FILE), { recursive: true });
  const current = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from !== -1 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(BENCHMARKS_FILE, next);
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function verdict(isMet: boolean): string {
  return isMet ? 'met' : '**not met**';
}
