/**
 * The demo organisation อบต.ห้วยทอง (src/demo/huai-thong.ts): loaded on the first start of an empty database,
 * reloaded by `prongsai demo --reset`. Its years are saved oldest first, in one transaction; a measure carried
 * forward names the seed measure it comes from by the seed's id, turned here into the id that measure got.
 */
import type { Db, Queryable } from '../db/index.ts';
import { DEMO_COMPLAINT_PASSPHRASE, DEMO_CURRENT_YEAR, DEMO_SCORES_YEAR, DEMO_SIGN_OFF, DEMO_SLUG, DEMO_YEAR, DEMO_YEARS } from './huai-thong.ts';
import { yearInputSchema } from '../model/year.ts';
import { write, type Actor } from '../app/actor.ts';
import { loadYear, saveYearIn } from '../years/years.ts';
import { countOrganisations, deleteOrganisation, setSignOff } from './repo.ts';
import { saveDemoSurvey } from './demo-survey.ts';

export { DEMO_COMPLAINT_PASSPHRASE, DEMO_CURRENT_YEAR, DEMO_SCORES_YEAR, DEMO_SLUG, DEMO_YEAR };

/** What the demo holds, as the CLI says it. */
export const DEMO_HOLDS = {
  th: `ปีงบประมาณ ${DEMO_YEAR} ตามข้อมูลตั้งต้น ปี ${DEMO_SCORES_YEAR} คะแนนตัวอย่าง (สมมติ) และปี ${DEMO_CURRENT_YEAR} ที่กำลังดำเนินการ`,
  en: `FY ${DEMO_YEAR} from the seed, FY ${DEMO_SCORES_YEAR} with made-up demo scores, FY ${DEMO_CURRENT_YEAR} in progress`,
} as const;

const DEMO_ACTOR: Actor = { id: null, label: 'ระบบ (ข้อมูลตัวอย่าง)' };

async function saveDemo(tx: Queryable): Promise<void> {
  /** Seed measure id → the id it was saved under, for the years loaded so far. */
  const saved = new Map<string, string>();
  for (const draft of DEMO_YEARS) {
    const input = yearInputSchema.parse(draft);
    const measures = input.measures.map((m) => ({ ...m, carriedFromId: m.carriedFromId === null ? null : (saved.get(m.carriedFromId) ?? null) }));
    await saveYearIn(tx, DEMO_ACTOR, { ...input, measures });
    const stored = await loadYear(tx, DEMO_SLUG, input.year);
    for (const m of input.measures) {
      const id = stored.measures.find((s) => s.seq === m.seq)?.id;
      if (id) saved.set(m.id, id);
    }
  }
  await setSignOff(tx, DEMO_SLUG, DEMO_SIGN_OFF);
  await saveDemoSurvey(tx);
}

/** Loads the demo when the database has no organisation at all. Returns true when it loaded it. */
export async function ensureDemo(db: Db): Promise<boolean> {
  if ((await countOrganisations(db)) > 0) return false;
  await write(db, DEMO_ACTOR, null, saveDemo);
  return true;
}

/** Removes the demo organisation with everything it holds and loads it again, in one transaction. */
export async function resetDemo(db: Db): Promise<void> {
  await write(db, DEMO_ACTOR, null, async (tx) => {
    await deleteOrganisation(tx, DEMO_SLUG);
    await saveDemo(tx);
  });
}

