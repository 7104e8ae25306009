// A strict, small XML 1.0 well-formedness parser for checking the gate's JUnit output in tests (no
// XML library is a dependency): one root element, matched tags, quoted attributes without
// duplicates, only the five predefined entities and character references, no stray `<` or `&`.
// Throws an Error saying where the document is malformed.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  if (s.includes("<")) throw new Error(`'<' in text or attribute near offset ${at}`);
  return s.replace(/&([^;]*);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare '&' near offset ${at}`);
    if (ref in ENTITY) return ENTITY[ref];
    const num = /^#(\d+)$/.exec(ref) ?? /^#x([0-9a-fA-F]+)$/.exec(ref);
    if (num) return String.fromCodePoint(Number.parseInt(num[1], ref[1] === "x" ? 16 : 10));
    throw new Error(`unknown entity ${m} near offset ${at}`);
  });
}

export function parseXml(doc: string): XmlElement {
  let i = 0;
  const ws = () => {
    while (i < doc.length && /\s/.test(doc[i])) i++;
  };
  if (doc.startsWith("<?xml")) {
    const end = doc.indexOf("?>");
    if (end < 0) throw new Error("unterminated XML declaration");
    i = end + 2;
  }
  ws();
  const element = (): XmlElement => {
    if (doc[i] !== "<") throw new Error(`expected '<' at offset ${i}`);
    i++;
    const name = NAME.exec(doc.slice(i))?.[0];
    if (!name) throw new Error(`expected an element name at offset ${i}`);
    i += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: "" };
    for (;;) {
      const before = i;
      ws();
      if (doc.startsWith("/>", i)) {
        i += 2;
        return el;
      }
      if (doc[i] === ">") {
        i++;
        break;
      }
      if (i === before) throw new Error(`expected whitespace before an attribute at offset ${i}`);
      const attr = NAME.exec(doc.slice(i))?.[0];
      if (!attr) throw new Error(`expected an attribute name at offset ${i}`);
      i += attr.length;
      ws();
      if (doc[i] !== "=") throw new Error(`expected '=' after ${attr} at offset ${i}`);
      i++;
      ws();
      const q = doc[i];
      if (q !== '"' && q !== "'") throw new Error(`attribute ${attr} is not quoted (offset ${i})`);
      const end = doc.indexOf(q, i + 1);
      if (end < 0) throw new Error(`unterminated attribute ${attr}`);
      if (attr in el.attrs) throw new Error(`duplicate attribute ${attr} on <${name}>`);
      el.attrs[attr] = decode(doc.slice(i + 1, end), i);
      i = end + 1;
    }
    for (;;) {
      const lt = doc.indexOf("<", i);
      if (lt < 0) throw new Error(`<${name}> is never closed`);
      el.text += decode(doc.slice(i, lt), i);
      i = lt;
      if (doc.startsWith("</", i)) {
        i += 2;
        if (!doc.startsWith(name, i)) throw new Error(`</${doc.slice(i, i + 20)}… closes <${name}> (offset ${i})`);
        i += name.length;
        ws();
        if (doc[i] !== ">") throw new Error(`expected '>' at offset ${i}`);
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  const root = element();
  ws();
  if (i !== doc.length) throw new Error(`content after the root element at offset ${i}`);
  return root;
}
