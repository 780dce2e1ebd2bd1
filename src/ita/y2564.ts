/**
 * ITA FY 2564 (1 Oct 2563 – 30 Sep 2564): the year with the most confirmed facts. Weights 30/30/40 and the OIT
 * roll-up by sub-indicators are confirmed by recomputing the NACC's 2564 reports; the IIT form is the NACC 2564
 * form; the OIT list is the NACC 43-item list of 2563–2565; grades are the legacy AA–F bands.
 */
import {
  BAND_RULE,
  NOTES_ALL_YEARS,
  OIT_ITEMS_43,
  OIT_SUB_INDICATORS,
  SRC,
  TOOLS_SINGLE_EIT,
  YEAR_FRAME,
  titleTh,
} from './common.ts';
import { deepFreeze } from './freeze.ts';
import type { CriteriaYear } from './types.ts';

export const criteria2564: CriteriaYear = deepFreeze({
  year: 2564,
  revision: 1,
  titleTh: titleTh(2564),
  ...YEAR_FRAME,
  tools: TOOLS_SINGLE_EIT,
  gradeRule: BAND_RULE,
  oitSubIndicators: OIT_SUB_INDICATORS,
  oitItems: OIT_ITEMS_43,
  oitAggregation: 'sub-indicator-mean',
  notes: NOTES_ALL_YEARS,
  sources: [
    SRC.report2564Group,
    SRC.report2564Group2,
    SRC.report2564Indicators,
    SRC.manual2564,
    SRC.results2564,
    SRC.sduForm,
    SRC.gitOit2565,
    SRC.mtpsOit,
    SRC.saraburiOit,
    SRC.sme2565,
  ],
});
