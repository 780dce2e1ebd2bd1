/**
 * The web kit's own messages (src/messages.ts): what a route's path parameters are refused with before any
 * capability sees them.
 */
import { catalogue } from '../messages.ts';

const th = {
  yearDigits: 'ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก เช่น 2567',
};

const en: typeof th = {
  yearDigits: 'the fiscal year must be 4 digits (Buddhist era), such as 2567',
};

export const webMessages = catalogue('web', th, en);
