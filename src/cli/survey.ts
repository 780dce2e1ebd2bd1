/**
 * `prongsai survey results --org S --year Y [--json]`: the results of an organisation's own IIT/EIT surveys of a
 * year (src/surveys/service.ts). `--json` prints one JSON object whose fields other tools depend on (issue 19,
 * point 4):
 *
 *     {"surveys": [{"id", "title", "kind", "respondents", "indicators": {"6": {"score", "ci95", "respondents"}, …},
 *                   "minimumRespondents", "minimumReached"}]}
 *
 * Scores and ci95 are rounded half-up to 2 decimals; a group under 5 respondents is suppressed (null score, ci95
 * and respondents). Without `--json`: a short table in Thai and English. The operator acts as a system
 * administrator (cliPrincipal).
 */
import type { Command } from 'commander';
import { cliActor } from '../app/actor.ts';
import { cliPrincipal } from '../app/authz.ts';
import { InputError } from '../errors.ts';
import { parseFiscalYear } from '../ita/index.ts';
import { surveyResultsOf } from '../surveys/service.ts';
import { surveyResultsJson, type SurveyResultsJson } from '../surveys/surveys-api.ts';
import { withDb } from './data.ts';
import { cliMessages } from './messages.ts';
import type { Io } from './main.ts';

/** The JSON of the CLI contract: the same object as the API's GET …/surveys (src/surveys/surveys-api.ts). */
export { surveyResultsJson, type SurveyResultsJson };

const figure = (n: number | null) => (n === null ? '–' : n.toFixed(2));

/** The results as a few lines of Thai and English. */
export function surveyResultsTable(json: SurveyResultsJson): string {
  if (json.surveys.length === 0) return 'ไม่มีแบบสำรวจในปีนี้ / no surveys in this year';
  return json.surveys
    .map((s) => {
      const head = `${s.kind} ${s.title} — ผู้ตอบ / respondents ${s.respondents ?? 'น้อยกว่า 5 / fewer than 5'}, ขั้นต่ำ / minimum ${s.minimumRespondents ?? 'ไม่ทราบ / unknown'}${s.minimumReached === null ? '' : s.minimumReached ? ' (ถึงแล้ว / reached)' : ' (ยังไม่ถึง / not reached)'}`;
      const lines = Object.entries(s.indicators).map(
        ([n, i]) => `  ตัวชี้วัด / indicator ${n}: ${figure(i.score)}${i.ci95 === null ? '' : ` (±${figure(i.ci95)})`} ผู้ตอบ / respondents ${i.respondents ?? '< 5'}`,
      );
      return [head, ...lines].join('\n');
    })
    .join('\n\n');
}

export function addSurveyCommands(program: Command, io: Io): void {
  const survey = program.command('survey').description('แบบสำรวจของหน่วยงาน / the agency’s own IIT/EIT surveys');
  survey
    .command('results')
    .description('ผลแบบสำรวจของปี / the results of a year’s surveys')
    .option('--org <slug>', 'ชื่อย่อของหน่วยงาน / the organisation slug')
    .option('--year <year>', 'ปีงบประมาณ พ.ศ. / fiscal year (Buddhist era), e.g. 2570')
    .option('--json', 'ผลเป็น JSON / machine-readable JSON')
    .action(async (opts: { org?: string; year?: string; json?: boolean }) => {
      if (!opts.org) throw new InputError('org', cliMessages.orgRequired());
      if (opts.year === undefined) throw new InputError('year', cliMessages.yearRequired());
      const ref = { org: opts.org, year: parseFiscalYear(opts.year) };
      const json = surveyResultsJson(await withDb((db) => surveyResultsOf(db, cliPrincipal(cliActor('survey results')), ref)));
      io.out(opts.json ? JSON.stringify(json, null, 2) : surveyResultsTable(json));
    });
}
