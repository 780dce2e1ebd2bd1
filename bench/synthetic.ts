/**
 * Synthetic survey responses in the response-file format (CSV: agency, then the year's item codes), for
 * benchmarks. Deterministic: the same arguments always write the same file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { CriteriaYear } from '../src/ita/index.ts';

export interface SyntheticOptions {
  readonly responses: number;
  readonly agencies: number;
  /** Share of respondents who are staff (IIT); the rest are external (EIT). NACC 2565: 471,719 of 1,300,132. */
  readonly internalShare?: number;
}

/** Writes the file and returns the number of answers written. */
export function writeSyntheticResponses(path: string, criteria: CriteriaYear, options: SyntheticOptions): number {
  const items = criteria.questions.flatMap((q) =>
    q.items.map((item) => {
      const scale = criteria.scales.find((s) => s.id === item.scale);
      return { tool: q.tool, code: item.code, options: scale ? scale.options.map((o) => o.code) : [] };
    }),
  );
  const internalShare = options.internalShare ?? 471_719 / 1_300_132;
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const fd = openSync(path, 'w');
  let buffer = `agency,${items.map((i) => i.code).join(',')}\n`;
  let answers = 0;
  const perAgency = Math.ceil(options.responses / options.agencies);
  for (let r = 0; r < options.responses; r++) {
    const agency = `agency-${String(Math.floor(r / perAgency)).padStart(4, '0')}`;
    const tool = random() < internalShare ? 'IIT' : 'EIT';
    let row = agency;
    for (const item of items) {
      if (item.tool !== tool) {
        row += ',';
        continue;
      }
      // Mostly favourable answers, as in real results; 2% left unanswered.
      const u = random();
      const index = u < 0.02 ? -1 : Math.min(item.options.length - 1, Math.floor(Math.sqrt(random()) * item.options.length));
      row += index < 0 ? ',' : `,${item.options[index]}`;
      if (index >= 0) answers++;
    }
    buffer += `${row}\n`;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
  return answers;
}
