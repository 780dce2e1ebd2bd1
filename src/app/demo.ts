/**
 * The demo organisation อบต.ห้วยทอง (src/demo/huai-thong.ts): loaded on the first start of an empty database,
 * reloaded by `prongsai demo --reset`.
 */
import type { Db } from '../db/index.ts';
import { DEMO_SLUG, DEMO_YEAR, huaiThong2566 } from '../demo/huai-thong.ts';
import { yearInputSchema } from '../model/year.ts';
import { write, type Actor } from './actor.ts';
import { saveYear, saveYearIn } from './years.ts';

export { DEMO_SLUG, DEMO_YEAR };

const DEMO_ACTOR: Actor = { id: null, label: 'ระบบ (ข้อมูลตัวอย่าง)' };

/** Loads the demo when the database has no organisation at all. Returns true when it loaded it. */
export async function ensureDemo(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
  if ((row?.n ?? 0) > 0) return false;
  await saveYear(db, DEMO_ACTOR, yearInputSchema.parse(huaiThong2566));
  return true;
}

/** Removes the demo organisation with everything it holds and loads it again, in one transaction. */
export async function resetDemo(db: Db): Promise<void> {
  await write(db, DEMO_ACTOR, null, async (tx) => {
    await tx.query('DELETE FROM organisations WHERE slug = $1', [DEMO_SLUG]);
    await saveYearIn(tx, DEMO_ACTOR, yearInputSchema.parse(huaiThong2566));
  });
}
