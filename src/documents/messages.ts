/** The documents' messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  noKind: (p: { kind: string }) => `ไม่มีเอกสารชนิด "${p.kind}"`,
};

const en: typeof th = {
  noKind: (p) => `no document kind "${p.kind}"`,
};

export const documentMessages = catalogue('documents', th, en);
