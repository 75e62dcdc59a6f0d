import type { IndexedUnit, KnowledgeIndex } from "../search/knowledgeIndex.js";

/**
 * Facts of a unit's text that ranking asks of the same candidates question after question (is the
 * line in capitals, does it give a number), worked out on first use and kept by unit id in one byte
 * array per index: a unit's text never changes, and a byte per unit keeps no object alive for the
 * collector to trace.
 */
const KNOWN = 1;
const SET = 2;

const factsByIndex = new WeakMap<KnowledgeIndex, Uint8Array>();

function factsOf(index: KnowledgeIndex): Uint8Array {
  let facts = factsByIndex.get(index);
  if (!facts || facts.length < index.units.length) {
    const grown = new Uint8Array(Math.max(index.units.length, 1024) + (index.units.length >> 3));
    if (facts) grown.set(facts);
    facts = grown;
    factsByIndex.set(index, facts);
  }
  return facts;
}

/** A fact of a unit's text, by its place among the facts (0–3), from `compute` the first time it is asked. */
export function unitFact(index: KnowledgeIndex, unit: IndexedUnit, fact: number, compute: (text: string) => boolean): boolean {
  const facts = factsOf(index);
  const shift = 2 * fact;
  const known = (facts[unit.id]! >> shift) & 3;
  if (known & KNOWN) return (known & SET) !== 0;
  const value = compute(unit.text);
  facts[unit.id] = facts[unit.id]! | ((KNOWN | (value ? SET : 0)) << shift);
  return value;
}
