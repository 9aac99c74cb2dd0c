// Money in the demand list: yuan typed in the form, fen (分) as a whole-number string on the wire. String
// arithmetic only, so 0.1 + 0.2 never becomes 0.30000000000000004 fen.

/** The API's bound: at most 15 digits of fen. */
const MAX_FEN_DIGITS = 15;

/** "1,234.5" → "123450"; undefined when the text is not an amount with at most two decimals within bounds. */
export function yuanToFen(text: string): string | undefined {
  const plain = text.trim().replace(/[,，\s]/g, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(plain);
  if (!m) return undefined;
  const digits = (m[1]! + (m[2] ?? '').padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  return digits.length > MAX_FEN_DIGITS ? undefined : digits;
}

/** "123450" → "1,234.50". */
export function fenToYuan(fen: string): string {
  const digits = fen.replace(/^0+(?=\d)/, '').padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${digits.slice(-2)}`;
}
