// HTML that hides text from a reader of the rendered issue but not from a model: comments,
// elements GitHub never shows (hidden, display:none, script, style, ...), and attribute values
// (title, alt, aria-label, data-*). What a reader can see stays; what they cannot is removed.

/** What was removed, counted per kind for the sanitiser's notes. */
export type HtmlRemoval = 'comment' | 'hidden-element' | 'attribute' | 'folded-section';
export type Tally<K extends string> = (kind: K, count?: number) => void;

// `<!-->` and `<!--->` are complete (empty) comments for a browser; an unterminated comment
// hides everything after it, so it is removed to the end.
const HTML_COMMENT = /<!--(?:-?>|[\s\S]*?-->|[\s\S]*$)/g;

export function removeHtmlComments(text: string, tally: Tally<HtmlRemoval>): string {
  return text.replace(HTML_COMMENT, () => {
    tally('comment');
    return '';
  });
}

/** Element names real HTML uses; only these are read leniently when malformed (see readTag). */
const KNOWN_ELEMENTS: ReadonlySet<string> = new Set(
  ('a abbr address article aside audio b bdi bdo big blockquote body br button caption center cite code col ' +
    'colgroup dd del details dfn div dl dt em embed figcaption figure font footer form h1 h2 h3 h4 h5 h6 head ' +
    'header hr html i iframe img input ins kbd label legend li link main mark math meta nav noscript object ' +
    'ol option p param picture pre q rp rt ruby s samp script section select small source span strike strong ' +
    'style sub summary sup svg table tbody td template textarea tfoot th thead title tr track tt u ul var video wbr').split(' '),
);
/** Elements whose content a browser never shows. */
const CONTENT_NEVER_SHOWN: ReadonlySet<string> = new Set(['script', 'style', 'template', 'noscript', 'title', 'head']);
const VOID_ELEMENTS: ReadonlySet<string> = new Set(
  'area base br col embed hr img input link meta param source track wbr'.split(' '),
);
/** Attributes kept: their values are addresses, which the request may legitimately need. */
const KEPT_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'src']);
const HIDING_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

interface Attribute {
  name: string;
  value: string | null;
  /** The attribute as written, for re-emitting kept ones unchanged. */
  source: string;
}

interface Tag {
  /** Lower-cased; `written` keeps the case the text used. */
  name: string;
  written: string;
  closing: boolean;
  selfClosing: boolean;
  /** Null when the tag was malformed and read leniently: then nothing inside it is kept. */
  attributes: Attribute[] | null;
  hides: boolean;
  end: number;
}

const TAG_NAME = /[A-Za-z][A-Za-z0-9-]*/y;
// CommonMark's raw-HTML attribute grammar.
const ATTRIBUTE = /\s+([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*(?:([^\s"'=<>`]+)|'([^']*)'|"([^"]*)"))?/y;
const OPEN_TAG_END = /\s*(\/?)>/y;
const CLOSE_TAG_END = /\s*>/y;

/**
 * Reads the tag starting at `start` (a `<`), or null when it is not a tag. A tag that follows
 * CommonMark's grammar is read exactly. A malformed one with a real element name is read as a
 * browser would (up to the first `>` outside a quoted value, or the end of the text), because
 * inside an HTML block GitHub hands it to the browser unparsed; other malformed ones (`Map<K, V>`
 * in prose) are plain text on GitHub and stay.
 */
function readTag(text: string, start: number): Tag | null {
  let at = start + 1;
  const closing = text[at] === '/';
  if (closing) at += 1;
  TAG_NAME.lastIndex = at;
  const nameMatch = TAG_NAME.exec(text);
  if (!nameMatch) return null;
  const written = nameMatch[0];
  const name = written.toLowerCase();
  at += nameMatch[0].length;
  const strict = readStrict(text, at, closing);
  if (strict) {
    const hides = strict.attributes.some(
      (a) => a.name === 'hidden' || (a.name === 'style' && HIDING_STYLE.test(a.value ?? '')),
    );
    return { name, written, closing, selfClosing: strict.selfClosing, attributes: strict.attributes, hides, end: strict.end };
  }
  if (!KNOWN_ELEMENTS.has(name)) return null;
  const end = lenientEnd(text, at);
  const inside = text.slice(at, end);
  const hides = /(?:^|[\s"'/])hidden(?=[\s=/>]|$)/i.test(inside) || HIDING_STYLE.test(inside);
  return { name, written, closing, selfClosing: /\/>$/.test(inside), attributes: null, hides, end };
}

function readStrict(text: string, at: number, closing: boolean): { attributes: Attribute[]; selfClosing: boolean; end: number } | null {
  const attributes: Attribute[] = [];
  let position = at;
  if (!closing) {
    for (;;) {
      ATTRIBUTE.lastIndex = position;
      const match = ATTRIBUTE.exec(text);
      if (!match) break;
      const value = match[2] ?? match[3] ?? match[4] ?? null;
      attributes.push({ name: (match[1] ?? '').toLowerCase(), value, source: match[0].trim() });
      position = ATTRIBUTE.lastIndex;
    }
  }
  const ending = closing ? CLOSE_TAG_END : OPEN_TAG_END;
  ending.lastIndex = position;
  const match = ending.exec(text);
  if (!match) return null;
  return { attributes, selfClosing: match[1] === '/', end: ending.lastIndex };
}

/** End of a malformed tag: after the first `>` outside a quoted value, else the end of the text. */
function lenientEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i += 1) {
    const c = text[i];
    if (c === '>') return i + 1;
    if (c === '=') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] ?? '')) j += 1;
      const quote = text[j];
      if (quote === '"' || quote === "'") {
        const close = text.indexOf(quote, j + 1);
        if (close === -1) return text.length;
        i = close;
      }
    }
  }
  return text.length;
}

/**
 * Removes hidden elements with their content, drops every attribute but href/src, and marks
 * `<details>` sections, whose content a reader sees only after expanding them.
 */
export function stripHiddenHtml(text: string, tally: Tally<HtmlRemoval>): string {
  let out = '';
  let copied = 0;
  let hidden: { name: string; depth: number } | null = null;
  let at = text.indexOf('<');
  while (at !== -1) {
    const tag = readTag(text, at);
    if (!tag) {
      at = text.indexOf('<', at + 1);
      continue;
    }
    if (hidden) {
      // Same-name nesting is counted so `<span hidden><span></span>text</span>` goes whole.
      if (tag.name === hidden.name && !tag.selfClosing) hidden.depth += tag.closing ? -1 : 1;
      if (hidden.depth === 0) hidden = null;
    } else {
      out += text.slice(copied, at);
      if (!tag.closing && (tag.hides || CONTENT_NEVER_SHOWN.has(tag.name))) {
        tally('hidden-element');
        if (!tag.selfClosing && !VOID_ELEMENTS.has(tag.name)) hidden = { name: tag.name, depth: 1 };
      } else {
        out += renderTag(tag, text, at, tally);
      }
    }
    copied = tag.end;
    at = text.indexOf('<', tag.end);
  }
  // An element left open hides the rest of the text.
  if (!hidden) out += text.slice(copied);
  return out;
}

function renderTag(tag: Tag, text: string, start: number, tally: Tally<HtmlRemoval>): string {
  if (tag.name === 'details') {
    if (tag.closing) return '[end of folded section]';
    tally('folded-section');
    return '[folded section: a reader sees this only after expanding it]';
  }
  const opener = tag.closing ? '</' : '<';
  if (tag.attributes === null) {
    const inside = text.slice(start + opener.length + tag.written.length, tag.end).replace(/\/?>$/, '');
    if (inside.trim() !== '') tally('attribute');
    return `${opener}${tag.written}>`;
  }
  const kept = tag.attributes.filter((a) => KEPT_ATTRIBUTES.has(a.name));
  const dropped = tag.attributes.length - kept.length;
  if (dropped === 0) return text.slice(start, tag.end);
  tally('attribute', dropped);
  const attributes = kept.map((a) => ` ${a.source}`).join('');
  return `<${tag.written}${attributes}${tag.selfClosing ? ' /' : ''}>`;
}
