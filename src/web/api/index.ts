/**
 * The HTTP API: everything the staff pages do, as JSON under /api/v1/, described by OpenAPI 3 at
 * /api/openapi.json (generated from the zod schemas the operations parse their input with). Scripts use an API
 * token (Authorization: Bearer …); a browser uses its session and sends the CSRF token in the x-csrf-token
 * header on changes.
 */
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../access.ts';
import type { AreaOptions } from '../deps.ts';
import { accountApi } from '../../accounts/account-api.ts';
import { approvalsApi } from '../../approvals/approvals-api.ts';
import { criteriaApi } from '../../criteria/criteria-api.ts';
import { documentsApi } from '../../documents/documents-api.ts';
import { itasApi } from '../../organisations/itas-api.ts';
import { progressApi } from '../../measures/progress-api.ts';
import { organisationsApi } from '../../organisations/organisations-api.ts';
import { openApiDocument } from '../route.ts';
import { signupApi } from '../../accounts/signup-api.ts';
import { yearApi } from '../../years/year-api.ts';
import { rollupApi } from '../../supervision/rollup-api.ts';
import { peersApi } from '../../supervision/peers-api.ts';
import { adviceApi } from '../../advice/advice-api.ts';
import { surveysApi } from '../../surveys/surveys-api.ts';
import { jobsApi } from '../../jobs/jobs-api.ts';
import { preauditApi } from '../../preaudit/preaudit-api.ts';

export const API_VERSION = '1.0.0';

export async function apiArea(app: FastifyInstance, options: AreaOptions): Promise<void> {
  await accountApi(app, options);
  await yearApi(app, options);
  await progressApi(app, options);
  await approvalsApi(app, options);
  await documentsApi(app, options);
  await criteriaApi(app, options);
  await organisationsApi(app, options);
  await itasApi(app, options);
  await signupApi(app, options);
  await rollupApi(app, options);
  await peersApi(app, options);
  await adviceApi(app, options);
  await surveysApi(app, options);
  await jobsApi(app, options);
  await preauditApi(app, options);
  // Made at the first request, once every area has registered its operations; they do not change after that.
  let document: string | null = null;
  app.get('/api/openapi.json', { config: { access: PUBLIC } }, async (_request, reply) => {
    document ??= JSON.stringify(openApiDocument(app.apiOperations, API_VERSION));
    return reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(document);
  });
}
