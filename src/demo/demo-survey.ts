/**
 * The demo's own EIT survey (issue 19), made up (ข้อมูลตัวอย่าง): in the current year (FY 2570, under its
 * criteria), published, with two service points and 36 answers spread over ต.ค.–ธ.ค. ๒๕๖๙, the months of the
 * year so far in the demo's story (src/demo/huai-thong.ts). The answers are pseudo-random but the same at every
 * load (a fixed seed): mostly "much" and "most", a few lower, the negatively worded yes/no item mostly answered
 * the good way.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { getCriteria } from '../ita/index.ts';
import { parentIdOf } from '../organisations/organisations.ts';
import { saveDemoSurveyIn, type DemoSurvey } from '../surveys/service.ts';
import { DEMO_CURRENT_YEAR, DEMO_SLUG } from './huai-thong.ts';

export const DEMO_SURVEY_TITLE = 'แบบสำรวจความคิดเห็นผู้รับบริการ (EIT) ปีงบประมาณ ๒๕๗๐ (ข้อมูลตัวอย่าง)';
export const DEMO_SURVEY_ANSWERS = 36;
const MONTHS = ['2026-10', '2026-11', '2026-12'] as const;
const POINTS = ['จุดบริการกองคลัง (ชำระภาษี)', 'จุดบริการสำนักปลัด (งานทะเบียน)'] as const;

/** Numbers in [0, 1) from the sha256 of a seed and a counter: the same sequence at every load. */
function generator(seed: string): () => number {
  let block = 0;
  let bytes = Buffer.alloc(0);
  let at = 32;
  return () => {
    if (at >= 32) {
      bytes = createHash('sha256').update(`${seed}:${block++}`).digest();
      at = 0;
    }
    const value = bytes.readUInt32BE(at) / 2 ** 32;
    at += 4;
    return value;
  };
}

/** The demo survey's answers: option indexes (1-based) by item code. */
export function demoSurvey(): DemoSurvey {
  const criteria = getCriteria(DEMO_CURRENT_YEAR);
  const items = criteria.questions.filter((q) => q.tool === 'EIT').flatMap((q) => q.items);
  const random = generator('huai-thong-eit-2570');
  const answers = Array.from({ length: DEMO_SURVEY_ANSWERS }, (_, n) => {
    // A respondent's general mood shifts the four-level answers a little.
    const mood = random() < 0.2 ? -1 : random() < 0.3 ? 1 : 0;
    const form: Record<string, string> = {};
    for (const item of items) {
      if (random() < 0.04) continue; // now and then an item left unanswered
      const options = criteria.scales.find((s) => s.id === item.scale)?.options.length ?? 0;
      if (options === 2) {
        // Yes/no: the good answer is "no" for a negatively worded item, "yes" otherwise, in most answers.
        const good = random() < 0.85;
        form[item.code] = String(good === (item.reversed === true) ? 2 : 1);
      } else {
        const r = random();
        const base = r < 0.05 ? 1 : r < 0.2 ? 2 : r < 0.62 ? 3 : 4;
        form[item.code] = String(Math.min(options, Math.max(1, base + (base >= 2 ? mood : 0))));
      }
    }
    return { month: MONTHS[n % MONTHS.length] as string, point: n % 5 === 4 ? null : n % 2, form };
  });
  return {
    kind: 'EIT',
    title: DEMO_SURVEY_TITLE,
    opensOn: '2026-10-01',
    closesOn: '2027-03-31',
    targetRespondents: 40,
    points: [...POINTS],
    answers,
  };
}

/** Saves the demo survey (in the demo loader's transaction). */
export async function saveDemoSurvey(tx: Queryable): Promise<void> {
  await saveDemoSurveyIn(tx, await parentIdOf(tx, DEMO_SLUG), DEMO_CURRENT_YEAR, getCriteria(DEMO_CURRENT_YEAR), demoSurvey());
}
