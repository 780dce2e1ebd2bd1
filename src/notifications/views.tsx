/**
 * The LINE pages' components: the organisation's LINE page (channel set or not set, never the values; the groups)
 * and a person's own LINE link. Forms with the CSRF token, no JavaScript.
 */
import type { LineChannelState, LineGroup, LinkCode, PersonLine } from './service.ts';
import { CsrfField, dateTime, ErrorSummary, errorFor, PostButton, TextField, type FieldError, type View } from '../web/view.tsx';

function CodeBox({ view, code, help }: { view: View; code: LinkCode; help: string }) {
  return (
    <div class="callout" role="status">
      <p>{help}</p>
      <p>
        {view.m.lineCodeIs}: <strong class="code" lang="en">{code.code}</strong>
      </p>
      <p class="hint">{view.m.lineCodeUntil({ time: dateTime(view.lang, code.expiresAt) })}</p>
    </div>
  );
}

const stateText = (view: View, set: boolean): string => (set ? view.m.lineIsSet : view.m.lineNotSet);

export interface OrgLineProps {
  readonly view: View;
  readonly slug: string;
  readonly webhookUrl: string;
  /** Null when the viewer may not set the channel. */
  readonly channel: LineChannelState | null;
  readonly groups: readonly LineGroup[];
  readonly groupCode?: LinkCode | undefined;
  readonly errors: readonly FieldError[];
}

export function OrgLinePage(props: OrgLineProps) {
  const { view, slug, channel, groups, errors } = props;
  const m = view.m;
  const base = `/staff/o/${encodeURIComponent(slug)}/line`;
  return (
    <>
      {channel ? (
        <section aria-labelledby="line-channel">
          <h2 id="line-channel">{m.lineChannelHeading}</h2>
          <p>{m.lineChannelHelp}</p>
          <dl>
            <dt>{m.lineSecret}</dt>
            <dd>{stateText(view, channel.secretSet)}</dd>
            <dt>{m.lineToken}</dt>
            <dd>{stateText(view, channel.tokenSet)}</dd>
            <dt>{m.lineWebhookUrl}</dt>
            <dd>
              <code>{props.webhookUrl}</code>
            </dd>
          </dl>
          <form method="post" action={`${base}/channel`} novalidate>
            <CsrfField view={view} />
            <ErrorSummary view={view} errors={errors} fields={['secret', 'token']} />
            <TextField name="secret" label={m.lineSecret} type="password" autocomplete="off" hint={channel.secretSet ? m.lineKeepHint : undefined} error={errorFor(errors, 'secret')} />
            <TextField name="token" label={m.lineToken} type="password" autocomplete="off" hint={channel.tokenSet ? m.lineKeepHint : undefined} error={errorFor(errors, 'token')} />
            <button type="submit" class="primary">
              {m.lineSave}
            </button>
          </form>
          {channel.secretSet || channel.tokenSet ? <PostButton view={view} action={`${base}/channel/clear`} label={m.lineClear} kind="danger" /> : null}
        </section>
      ) : null}
      <section aria-labelledby="line-groups">
        <h2 id="line-groups">{m.lineGroupsHeading}</h2>
        {groups.length === 0 ? (
          <p>{m.lineGroupsNone}</p>
        ) : (
          <ul>
            {groups.map((g) => (
              <li key={g.groupId}>
                <code>{g.groupId}</code> · {g.linkedAt ? m.lineGroupLinked({ by: g.linkedBy ?? '–' }) : m.lineGroupWaiting}{' '}
                <PostButton view={view} action={`${base}/groups/remove`} fields={{ group: g.groupId }} label={m.lineGroupRemove} small />
              </li>
            ))}
          </ul>
        )}
        {props.groupCode ? <CodeBox view={view} code={props.groupCode} help={m.lineGroupCodeHelp} /> : null}
        <PostButton view={view} action={`${base}/group-code`} label={m.lineGroupCode} />
      </section>
    </>
  );
}

export function PersonLinePage({ view, line, code }: { view: View; line: PersonLine | null; code?: LinkCode | undefined }) {
  const m = view.m;
  if (!line) return <p>{m.lineMyNoOrg}</p>;
  if (!line.channelReady) return <p>{m.lineMyNoChannel}</p>;
  return (
    <>
      <p>{line.linkedAt ? m.lineMyLinked : m.lineMyNotLinked}</p>
      {code ? <CodeBox view={view} code={code} help={m.lineMyCodeHelp} /> : null}
      <PostButton view={view} action="/staff/settings/line/code" label={m.lineMyCode} kind={line.linkedAt ? 'secondary' : 'primary'} />
      {line.linkedAt ? <PostButton view={view} action="/staff/settings/line/unlink" label={m.lineMyUnlink} kind="danger" /> : null}
    </>
  );
}
