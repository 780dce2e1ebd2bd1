/**
 * ITA FY 2565: the same framework as 2564 (three tools, the NACC 43-item OIT list confirmed from a 2565 OIT page,
 * the legacy AA–F bands confirmed for 2565). It differs only where the evidence is weaker: the weights and the
 * IIT questions are carried over from 2564 without a 2565 source, and the notes say so.
 */
import { NOTE_IIT_FORM, NOTE_WEIGHTS, NOTES_ALL_YEARS, SRC, titleTh } from './common.ts';
import { deepFreeze } from './freeze.ts';
import type { CriteriaYear } from './types.ts';
import { criteria2564 } from './y2564.ts';

export const criteria2565: CriteriaYear = deepFreeze({
  ...criteria2564,
  year: 2565,
  revision: 1,
  titleTh: titleTh(2565),
  notes: [NOTE_WEIGHTS, NOTE_IIT_FORM, ...NOTES_ALL_YEARS],
  sources: [SRC.sme2565, SRC.results2565, SRC.gitOit2565, SRC.saraburiOit, SRC.sduForm, SRC.report2564Group],
});
