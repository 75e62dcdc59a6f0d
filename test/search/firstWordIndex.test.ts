import { describe, expect, it } from "vitest";
import { FirstWordIndex } from "../../src/search/firstWordIndex.js";

describe("the phrases filed by their first word", () => {
  const phrases = [["ty", "le"], ["bao", "nhieu"], ["ty", "le", "ho", "ngheo"], ["bao"], []];

  it("gives the phrases a word starts, in the order they were given", () => {
    const index = new FirstWordIndex(phrases, (phrase) => [phrase[0]]);
    expect(index.startingWith("ty")).toEqual([["ty", "le"], ["ty", "le", "ho", "ngheo"]]);
    expect(index.startingWith("bao")).toEqual([["bao", "nhieu"], ["bao"]]);
  });

  it("gives none for a word that starts no phrase, and files no empty one", () => {
    const index = new FirstWordIndex(phrases, (phrase) => [phrase[0]]);
    expect(index.startingWith("le")).toEqual([]);
    expect(index.startingWith("")).toEqual([]);
  });

  it("files a group under each of its members' first words, once", () => {
    const groups = [[["thu", "gom"], ["thu", "hoi"], ["gom"]], [["rac"]]];
    const index = new FirstWordIndex(groups, (group) => group.map((member) => member[0]));
    expect(index.startingWith("thu")).toEqual([groups[0]]);
    expect(index.startingWith("gom")).toEqual([groups[0]]);
    expect(index.startingWith("rac")).toEqual([groups[1]]);
  });
});
