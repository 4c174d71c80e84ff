// Whether a reference or config page says the setting it describes has no effect: "Deprecated:
// no longer has any effect", "This flag has no effect.", "No-op." Only sentences about the
// setting itself count: "has no effect on the /stats/summary endpoint", "No-op if register-node
// is false" and "… is ignored if a config file is specified" are about a case or another
// setting, not the setting's life.

const conditional = /^\s*(on|if|when|whenever|unless|for|in|with|while|except|until|after|before|under|without)\b/i;

const phrases = [
  /\bno longer has (any )?(effect|function)\b/i,
  /^(deprecated:?\s*)?(this|the) (flag|field|option|setting|parameter) (now |currently )?(has no effect|does nothing|is (now )?(a )?no-?op|is ignored)\b/i,
  /^(deprecated:?\s*)?(no-?op|has no effect|does nothing)\b/i,
];

export function saysInert(text: string): boolean {
  for (const sentence of text.replace(/\s+/g, ' ').split(/(?<=[.;!?])\s+|\(|\)/)) {
    const s = sentence.trim();
    for (const re of phrases) {
      const m = re.exec(s);
      if (!m || m.index === undefined) continue;
      const rest = s.slice(m.index + m[0].length);
      if (!conditional.test(rest)) return true;
    }
  }
  return false;
}
