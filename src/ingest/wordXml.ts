import { XMLParser } from "fast-xml-parser";

/** One element of a WordprocessingML part, as fast-xml-parser gives it with preserveOrder. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

/** Parses one XML part. Word never writes a DOCTYPE, so one (and its entity expansions) is refused. */
export function parseXml(xml: string): XmlNode[] {
  if (/<!DOCTYPE/i.test(xml)) throw new Error("the XML declares a DOCTYPE");
  return parser.parse(xml) as XmlNode[];
}

export function tagOf(node: XmlNode): string {
  for (const key of Object.keys(node)) if (key !== ":@") return key;
  return "";
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

export function attrOf(node: XmlNode, name: string): string | undefined {
  return (node[":@"] as Record<string, string> | undefined)?.[name];
}

export function child(node: XmlNode, tag: string): XmlNode | undefined {
  return childrenOf(node).find((c) => tagOf(c) === tag);
}

export function childrenNamed(node: XmlNode, tag: string): XmlNode[] {
  return childrenOf(node).filter((c) => tagOf(c) === tag);
}

/** The first descendant with this tag, depth first. */
export function find(nodes: XmlNode[], tag: string): XmlNode | undefined {
  for (const node of nodes) {
    if (tagOf(node) === tag) return node;
    const found = find(childrenOf(node), tag);
    if (found) return found;
  }
  return undefined;
}

/** `<w:x w:val="..."/>` under a properties element. */
export function valOf(node: XmlNode | undefined, tag: string): string | undefined {
  const element = node ? child(node, tag) : undefined;
  return element ? (attrOf(element, "w:val") ?? "") : undefined;
}

export function textOf(node: XmlNode): string {
  if ("#text" in node) return String(node["#text"]);
  return childrenOf(node).map(textOf).join("");
}
