/**
 * The "ร่าง" banner of a document not yet approved, in a year whose criteria are provisional. A renderer's option
 * (html, pdf, docx), never part of the document model: an approved or published document is rendered without it
 * and holds only the agency's content.
 */

/** What the banner says besides the word ร่าง: why the year's criteria are provisional. */
export interface DraftNote {
  readonly th: string;
  readonly en: string;
}

/** The words that open the banner. */
export const DRAFT_WORD = { th: 'ร่าง', en: 'DRAFT' } as const;
