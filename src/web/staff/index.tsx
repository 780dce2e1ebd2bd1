/**
 * The staff pages, under /staff: server-rendered, working without JavaScript (htmx only makes some updates
 * partial), one plugin per feature. Every page of a year lives under /staff/o/<slug>/<year>/….
 */
import type { FastifyInstance } from 'fastify';
import type { AreaOptions } from '../deps.ts';
import { accountPages } from './account.tsx';
import { dashboardPages } from './dashboard.tsx';
import { measurePages } from './measures.tsx';
import { yearRoutes } from './year.tsx';

export async function staffArea(app: FastifyInstance, options: AreaOptions): Promise<void> {
  await accountPages(app, options);
  await yearRoutes(app, options);
  await dashboardPages(app, options);
  await measurePages(app, options);
}
