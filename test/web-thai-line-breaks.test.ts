/**
 * The web pages' tables follow the documents' line-breaking rule (issue 15, point 3): Thai table text printed
 * through view.tsx's ThaiText never ends a line inside a protected phrase ("การใช้งบ|ประมาณ" was seen in the
 * measures list on a phone). A table like the staff measures list is laid out by Chromium with the staff
 * stylesheet (app.css, with its Sarabun) 390 px wide, and the line ends are read from the character boxes. Needs
 * Chromium; skipped, with the reason in its name, without it.
 */
import { readFileSync } from 'node:fs';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentBrowser, findChromium } from '../src/documents/core/browser.ts';
import { fontFile } from '../src/documents/core/fonts.ts';
import { phraseRuns } from '../src/thai/index.ts';
import { ThaiText } from '../src/web/view.tsx';

const chromium = findChromium();
const dataUrl = (ttf: Buffer) => `data:font/ttf;base64,${ttf.toString('base64')}`;
const css = readFileSync(new URL('../src/web/assets/app.css', import.meta.url), 'utf8')
  .replace('/assets/fonts/sarabun-400.ttf', dataUrl(fontFile('regular')))
  .replace('/assets/fonts/sarabun-700.ttf', dataUrl(fontFile('bold')));

const TITLES = [
  'ส่งเสริมความโปร่งใสในการใช้งบประมาณ',
  'การใช้งบประมาณตามหลักธรรมาภิบาล',
  'เผยแพร่และประชาสัมพันธ์ผลการตรวจสอบการใช้งบประมาณ ปีงบประมาณ พ.ศ. ๒๕๖๖',
];

/** The measures list's columns (src/measures/measures-pages.tsx): order, title, indicators, responsible, status. */
function page(): string {
  const rows = TITLES.map((title, i) =>
    h('tr', null, [
      h('td', { class: 'num' }, String(i + 1)),
      h('td', { class: 'title' }, h('a', { href: '#' }, h(ThaiText, { text: title }))),
      h('td', null, '1, 2, 9'),
      h('td', null, h(ThaiText, { text: 'กองยุทธศาสตร์และงบประมาณ, สำนักปลัด' })),
      h('td', null, 'กำลังดำเนินการ'),
    ]),
  );
  const table = h('div', { class: 'table-wrap' }, h('table', null, h('tbody', null, rows)));
  return `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><style>${css}</style></head><body><main>${renderToString(table)}</main></body></html>`;
}

describe.skipIf(!chromium)(`web tables on a 390 px phone${chromium ? '' : ' (skipped: no Chromium)'}`, () => {
  const browser = new DocumentBrowser();
  afterAll(async () => {
    await browser.close();
  });

  it('no line ends inside a protected phrase of the measures list; the cell text is the title as written', async () => {
    const cells = await browser.withPage(async (p) => {
      await p.setViewportSize({ width: 390, height: 844 });
      await p.setContent(page(), { waitUntil: 'load' });
      await p.evaluate(() => document.fonts.ready.then(() => undefined));
      // For each title cell: its text and the offsets where a new line starts (a character box lower than the last).
      return p.evaluate(() =>
        Array.from(document.querySelectorAll('td.title, td:nth-child(4)')).map((cell) => {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          const breaks: number[] = [];
          let text = '';
          let top: number | null = null;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const value = node.nodeValue ?? '';
            for (let i = 0; i < value.length; i += 1) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const box = range.getClientRects()[0];
              if (box && box.width > 0) {
                if (top !== null && box.top > top + 2) breaks.push(text.length + i);
                top = box.top;
              }
            }
            text += value;
          }
          return { text, breaks, width: cell.getBoundingClientRect().width };
        }),
      );
    });
    expect(cells.map((c) => c.text)).toEqual([...TITLES.flatMap((t) => [t, 'กองยุทธศาสตร์และงบประมาณ, สำนักปลัด'])]);
    // The phone is narrow enough that the titles do wrap: the test looks at real line ends.
    expect(cells.some((c) => c.breaks.length > 0)).toBe(true);
    const inside: string[] = [];
    for (const cell of cells) {
      let at = 0;
      for (const run of phraseRuns(cell.text)) {
        for (const b of cell.breaks) if (run.kind === 'keep' && b > at && b < at + run.text.length) inside.push(`${cell.text.slice(0, b)}|${cell.text.slice(b)}`);
        at += run.text.length;
      }
    }
    expect(inside).toEqual([]);
  }, 60_000);
});
