/**
 * The staff pages, under /staff: server-rendered, working without JavaScript (htmx only makes some updates
 * partial), one plugin per feature. Every page of a year lives under /staff/o/<slug>/<year>/….
 */
import type { FastifyInstance } from 'fastify';
import type { AreaOptions } from '../deps.ts';
import { accountPages } from './account.tsx';
import { analysisPages } from './analysis.tsx';
import { approvalPages } from './approvals.tsx';
import { auditPages } from './audit.tsx';
import { carryPages } from './carry.tsx';
import { criteriaPages } from './criteria.tsx';
import { dashboardPages } from './dashboard.tsx';
import { documentPages } from '../../documents/documents-pages.tsx';
import { inboxPages } from './inbox.tsx';
import { itasPages } from './itas.tsx';
import { measurePages } from './measures.tsx';
import { organisationPages } from './organisations.tsx';
import { peoplePages } from './people.tsx';
import { scorePages } from './scores.tsx';
import { setupPages } from './setup.tsx';
import { yearRoutes } from './year.tsx';

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
  await peoplePages(app, options);
  await itasPages(app, options);
  await organisationPages(app, options);
  await setupPages(app, options);
}
