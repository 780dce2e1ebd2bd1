/**
 * The public pages of a survey (routes-public.tsx): the form a link opens, the thank-you page and the pages that
 * say why an answer is not taken. Thai, server-rendered, no JavaScript, one small stylesheet (survey.css, kept by
 * the browser) and no request for anything else, for a 360-px phone on a slow connection. Components only: pure functions of their data.
 */
import type { ComponentChildren } from 'preact';
import { formatThaiDate } from '../thai/index.ts';
import { assetUrl } from '../web/assets.ts';
import { messages } from '../web/i18n.ts';
import { ErrorSummary, errorFor, fieldId, type FieldError, type View } from '../web/view.tsx';
import { snapshotItems, type SnapshotItem, type SurveySnapshot } from './model.ts';
import type { OpenSurvey } from './service.ts';


/** The pages' texts (Thai: the public pages are in Thai). */
export const PUBLIC_TEXT = {
  appName: 'โปร่งใส',
  skip: 'ข้ามไปยังเนื้อหา',
  period: (from: string, to: string) => `รับคำตอบตั้งแต่วันที่ ${from} ถึงวันที่ ${to}`,
  point: (name: string) => `จุดบริการ: ${name}`,
  anonymity:
    'แบบสำรวจนี้ไม่ระบุตัวตน: เราเก็บเฉพาะคำตอบของท่านและเดือนที่ตอบ ไม่เก็บชื่อ รหัส ที่อยู่ไอพี อุปกรณ์ หรือเวลาที่ตอบ',
  demo: 'ข้อมูลตัวอย่าง (สาธิต): คำตอบในแบบสำรวจนี้ใช้สาธิตระบบเท่านั้น',
  code: 'รหัสใช้ครั้งเดียว',
  codeHint: 'รหัสที่หน่วยงานแจกให้ท่าน เช่น ABCD-EFGH-JK (ตัวพิมพ์เล็กหรือใหญ่ มีหรือไม่มีขีดก็ได้) ใช้ได้ครั้งเดียว และไม่ถูกเก็บไว้คู่กับคำตอบ',
  ownTitle: 'ข้อคำถามเพิ่มเติมของหน่วยงาน',
  hint: 'เลือกคำตอบที่ตรงกับความเห็นของท่าน ข้อที่ไม่ทราบเว้นว่างไว้ได้',
  send: 'ส่งคำตอบ',
  thanksTitle: 'ขอบคุณที่ตอบแบบสำรวจ',
  thanks: 'เราได้รับคำตอบของท่านแล้ว คำตอบนี้ไม่ระบุตัวตนและนำไปใช้ปรับปรุงการทำงานของหน่วยงาน',
  closedTitle: 'แบบสำรวจนี้ไม่รับคำตอบในขณะนี้',
  closedWhat: 'หากคิดว่าไม่ถูกต้อง โปรดติดต่อหน่วยงานที่แจกลิงก์นี้',
  notFoundTitle: 'ไม่พบแบบสำรวจ',
  notFound: 'ไม่พบแบบสำรวจของลิงก์นี้ โปรดตรวจสอบลิงก์หรือสแกนคิวอาร์โค้ดอีกครั้ง',
  tooSoon: 'ส่งเร็วเกินไป โปรดตรวจคำตอบแล้วกดส่งอีกครั้ง',
  expired: 'แบบฟอร์มนี้หมดอายุหรือถูกส่งไปแล้ว โปรดตรวจคำตอบแล้วกดส่งอีกครั้ง',
  tooMany: (seconds: number) => `มีการส่งคำตอบจากเครือข่ายนี้มากเกินไป โปรดลองอีกครั้งในอีก ${Math.ceil(seconds / 60)} นาที`,
} as const;

/** The page around every public survey page. */
export function SurveyPublicPage(props: { title: string; orgNameTh?: string | undefined; children: ComponentChildren }) {
  const t = PUBLIC_TEXT;
  return (
    <html lang="th">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${t.appName}`}</title>
        <link rel="stylesheet" href={assetUrl('survey.css')} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header>
          <p>{props.orgNameTh ?? t.appName}</p>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer>
          <p>{t.anonymity}</p>
        </footer>
      </body>
    </html>
  );
}

/** A page that says one thing (thank you, closed, not found) and what to do. */
export function NoticePage(props: { title: string; orgNameTh?: string | undefined; lines: readonly string[] }) {
  return (
    <SurveyPublicPage title={props.title} orgNameTh={props.orgNameTh}>
      <h1>{props.title}</h1>
      {props.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </SurveyPublicPage>
  );
}

function Options(props: { snapshot: SurveySnapshot; code: string; scale: string; legend: string; values: Readonly<Record<string, string>>; errors: readonly FieldError[] }) {
  const { snapshot, code } = props;
  const options = snapshot.scales.find((s) => s.id === props.scale)?.options ?? [];
  const error = errorFor(props.errors, code);
  return (
    <fieldset id={fieldId(code)}>
      <legend>{props.legend}</legend>
      {error ? <span class="error">{error}</span> : null}
      {options.map((o, i) => (
        <label class="opt" key={o.code}>
          <input type="radio" name={code} value={String(i + 1)} checked={props.values[code] === String(i + 1)} /> {o.labelTh}
        </label>
      ))}
    </fieldset>
  );
}

export interface FormState {
  /** The answers as sent (field → option index). */
  readonly values: Readonly<Record<string, string>>;
  readonly errors: readonly FieldError[];
}

/** The form of a survey's link: its questions (one fieldset per question, one radio group per item). */
export function SurveyForm(props: { survey: OpenSurvey; action: string; formToken: string; state: FormState }) {
  const { survey, state } = props;
  const { snapshot } = survey;
  const t = PUBLIC_TEXT;
  const view: View = { lang: 'th', m: messages('th'), csrf: '', account: null, url: '' };
  // The error summary's links: a problem of no one field (the form's token, nothing answered) links to the first.
  const fields = [...(survey.kind === 'IIT' ? ['code'] : []), ...snapshotItems(snapshot).map((i) => i.code), ...snapshot.own.map((q) => q.code)];
  const codeError = errorFor(state.errors, 'code');
  const item = (q: { textTh: string }, i: SnapshotItem, single: boolean) => (
    <Options snapshot={snapshot} code={i.code} scale={i.scale} legend={single ? q.textTh : i.textTh} values={state.values} errors={state.errors} key={i.code} />
  );
  return (
    <>
      <h1>{survey.title}</h1>
      <p>{t.period(formatThaiDate(survey.opensOn), formatThaiDate(survey.closesOn))}</p>
      {survey.pointName ? <p>{t.point(survey.pointName)}</p> : null}
      {survey.demo ? <p class="demo">{t.demo}</p> : null}
      <p class="note">{t.anonymity}</p>
      <form method="post" action={props.action} novalidate>
        <ErrorSummary view={view} errors={state.errors} fields={fields} />
        <input type="hidden" name="formToken" value={props.formToken} />
        {survey.kind === 'IIT' ? (
          <p>
            <label for="f-code">{t.code}</label>
            <span class="hint" id="code-hint">
              {' '}
              {t.codeHint}
            </span>
            {codeError ? <span class="error">{codeError}</span> : null}
            <input type="text" id="f-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck={false} aria-describedby="code-hint" required />
          </p>
        ) : null}
        <p class="hint">{t.hint}</p>
        {snapshot.questions.map((q) =>
          q.items.length === 1 ? (
            item(q, q.items[0] as SnapshotItem, true)
          ) : (
            <fieldset key={q.code} id={fieldId(`question-${q.code}`)}>
              <legend>{q.textTh}</legend>
              {q.items.map((i) => item(q, i, false))}
            </fieldset>
          ),
        )}
        {snapshot.own.length > 0 ? (
          <fieldset>
            <legend>{t.ownTitle}</legend>
            {snapshot.own.map((q) => (
              <Options snapshot={snapshot} code={q.code} scale={q.scale} legend={q.textTh} values={state.values} errors={state.errors} key={q.code} />
            ))}
          </fieldset>
        ) : null}
        <button type="submit">{t.send}</button>
      </form>
    </>
  );
}
