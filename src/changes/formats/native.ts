// The native (Adobe file/CDC) form is what the normalizer reads: nothing to translate.
// A row that is not an object is refused here, as in every format, with the normalizer's INVALID_ROW.

import { isRow, notARow, type Translator } from "./Translated";

export const translateNative: Translator = (raw) => (isRow(raw) ? { kind: "change", row: raw } : notARow(raw));
