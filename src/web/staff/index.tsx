/**
 * The staff pages, under /staff: server-rendered, working without JavaScript (htmx only makes some updates
 * partial), one plugin per feature. Every page of a year lives under /staff/o/<slug>/<year>/….
 */
import type { FastifyInstance } from 'fastify';
import type { AreaOptions } from '../deps.ts';
import { accountPages } from '../../accounts/account-pages.tsx';
import { advicePages } from '../../advice/routes.tsx';
import { analysisPages } from '../../years/analysis-pages.tsx';
import { approvalPages } from '../../approvals/routes-approvals.tsx';
import { auditPages } from '../../audit/routes.tsx';
import { carryPages } from '../../years/carry-pages.tsx';
import { criteriaPages } from '../../criteria/routes.tsx';
import { dashboardPages } from '../../years/dashboard-pages.tsx';
import { documentPages } from '../../documents/documents-pages.tsx';
import { inboxPages } from '../../inbox/routes.tsx';
import { preauditPages } from '../../preaudit/routes.tsx';
import { rollupPages } from '../../supervision/routes.tsx';
import { itasPages } from '../../organisations/itas-pages.tsx';
import { measurePages } from '../../measures/routes-measures.tsx';
import { linePages } from '../../notifications/line-routes.tsx';
import { notificationPreferencePages } from '../../notifications/preferences-routes.tsx';
import { calendarPages } from '../../notifications/calendar-routes.tsx';
import { organisationPages } from '../../organisations/organisations-pages.tsx';
import { peoplePages } from '../../accounts/people-pages.tsx';
import { scorePages } from '../../years/routes-scores.tsx';
import { setupPages } from '../../organisations/setup-pages.tsx';
import { surveyStaffPages } from '../../surveys/routes-staff.tsx';
import { jobsPages } from '../../jobs/routes.tsx';
import { yearRoutes } from '../../years/year-pages.tsx';

export async function staffArea(app: FastifyInstance, options: AreaOptions): Promise<void> {
  await accountPages(app, options);
  await yearRoutes(app, options);
  await dashboardPages(app, options);
  await scorePages(app, options);
  await criteriaPages(app, options);
  await analysisPages(app, options);
  await measurePages(app, options);
  await carryPages(app, options);
  await approvalPages(app, options);
  await documentPages(app, options);
  await auditPages(app, options);
  await inboxPages(app, options);
  await rollupPages(app, options);
  await advicePages(app, options);
  await surveyStaffPages(app, options);
  await jobsPages(app, options);
  await linePages(app, options);
  await notificationPreferencePages(app, options);
  await calendarPages(app, options);
  await preauditPages(app, options);
  await peoplePages(app, options);
  await itasPages(app, options);
  await organisationPages(app, options);
  await setupPages(app, options);
}
