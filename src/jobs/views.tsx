/** The administrators' page of the background jobs (/staff/admin/jobs): queued, running and failed, with their error. */
import type { JobView } from './queue.ts';
import { DataTable, dateTime, PostButton, type View } from '../web/view.tsx';

export const JOBS_PATH = '/staff/admin/jobs';

function JobRowView({ view, job }: { view: View; job: JobView }) {
  const { m, lang } = view;
  return (
    <tr>
      <td class="num">{job.id}</td>
      <td>
        <code>{job.kind}</code>
      </td>
      <td>{job.orgSlug ?? '–'}</td>
      <td>{job.status === 'failed' ? <span class="badge warn">{m.jobsStatus[job.status]}</span> : m.jobsStatus[job.status]}</td>
      <td class="num">
        {job.attempts}/{job.maxAttempts}
      </td>
      <td>{dateTime(lang, job.runAt)}</td>
      <td>{job.lastError ?? '–'}</td>
      <td>
        {job.status === 'failed' ? (
          <PostButton view={view} action={`${JOBS_PATH}/${job.id}/retry`} label={m.jobsRetry} ariaLabel={`${m.jobsRetry} #${job.id}`} small />
        ) : null}
      </td>
    </tr>
  );
}

export function JobsPage({ view, jobs, failedOnly }: { view: View; jobs: readonly JobView[]; failedOnly: boolean }) {
  const { m } = view;
  return (
    <>
      <p>
        <a href="/staff">{m.home}</a>
      </p>
      <h1>{m.jobsTitle}</h1>
      <p>{m.jobsIntro}</p>
      <p>{failedOnly ? <a href={JOBS_PATH}>{m.jobsShowAll}</a> : <a href={`${JOBS_PATH}?failed=1`}>{m.jobsShowFailed}</a>}</p>
      {jobs.length === 0 ? (
        <p>{m.jobsEmpty}</p>
      ) : (
        <DataTable
          label={m.jobsTitle}
          columns={['#', m.jobsKind, m.jobsOrg, m.jobsState, { label: m.jobsAttempts, num: true }, m.jobsRunAt, m.jobsError, { label: m.jobsRetry, hidden: true }]}
        >
          {jobs.map((job) => (
            <JobRowView key={job.id} view={view} job={job} />
          ))}
        </DataTable>
      )}
    </>
  );
}
