// Where Go's encoding/base64 StdEncoding gives up on a string: the decoder a []byte field
// (Secret.data, ConfigMap.binaryData) goes through, whose error is
// `illegal base64 data at input byte N`. Node's Buffer decoder is lenient (it skips junk and
// accepts missing padding), so the rules are walked here: quanta of four alphabet bytes, CR and
// LF skipped anywhere, '=' padding only in the last quantum, nothing after it.

const alphabet = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') alphabet[c.charCodeAt(0)] = 1;

const lf = 0x0a;
const cr = 0x0d;
const pad = 0x3d;

/** Returns the byte offset Go's base64.StdEncoding reports for `s` (CorruptInputError), or undefined when it decodes. */
export function base64ErrorOffset(s: string): number | undefined {
  const src = new TextEncoder().encode(s);
  const skipNewlines = (i: number): number => {
    while (i < src.length && (src[i] === lf || src[i] === cr)) i++;
    return i;
  };
  let si = 0;
  while (si < src.length) {
    // One quantum: up to four alphabet bytes, or fewer ended by padding.
    let j = 0;
    while (j < 4) {
      if (si === src.length) {
        // A quantum cut short without padding: StdEncoding requires it.
        return j === 0 ? undefined : si - j;
      }
      const c = src[si] as number;
      si++;
      if (alphabet[c]) {
        j++;
        continue;
      }
      if (c === lf || c === cr) continue;
      if (c !== pad || j < 2) return si - 1;
      if (j === 2) {
        // "xx" needs "==": the first '=' is consumed, the second must follow.
        si = skipNewlines(si);
        if (si === src.length) return src.length;
        if (src[si] !== pad) return si - 1;
        si++;
      }
      si = skipNewlines(si);
      return si < src.length ? si : undefined;
    }
  }
  return undefined;
}

/** Returns the decoded length of a valid standard base64 string (Go's []byte length). */
export function base64DecodedLength(s: string): number {
  return Buffer.from(s, 'base64').length;
}
