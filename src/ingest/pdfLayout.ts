/**
 * Turns the positioned text pieces of PDF pages into the lines of a plan: pieces on one baseline
 * make a line; the two-column letterhead of page 1 is read column after column; lines repeated at
 * the top or bottom of the pages (headers, footers) and page numbers are dropped; a word broken
 * by a hyphen at the end of a line is joined; a wider gap between lines separates paragraphs.
 */
export interface TextPiece {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface PageText {
  width: number;
  height: number;
  pieces: TextPiece[];
}

interface Segment {
  x0: number;
  x1: number;
  text: string;
}

interface Line {
  y: number;
  size: number;
  segments: Segment[];
}

function joinPieces(pieces: TextPiece[]): string {
  let text = "";
  let end = -Infinity;
  for (const piece of pieces) {
    const gap = piece.x - end;
    if (text && gap > piece.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(piece.text)) text += " ";
    text += piece.text;
    end = piece.x + piece.width;
  }
  return text.replace(/\s+/g, " ").trim();
}

function pageLines(page: PageText): Line[] {
  const pieces = page.pieces.filter((p) => p.text.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextPiece[][] = [];
  for (const piece of pieces) {
    const last = groups.at(-1);
    if (last && Math.abs(last[0]!.y - piece.y) < Math.max(2, last[0]!.size * 0.5)) last.push(piece);
    else groups.push([piece]);
  }
  return groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    const size = Math.max(...group.map((p) => p.size));
    const segments: TextPiece[][] = [];
    for (const piece of group) {
      const last = segments.at(-1);
      const end = last ? Math.max(...last.map((p) => p.x + p.width)) : 0;
      // A gap of several letters on one baseline separates two columns.
      if (last && piece.x - end > Math.max(size * 3, page.width * 0.05)) segments.push([piece]);
      else if (last) last.push(piece);
      else segments.push([piece]);
    }
    return {
      y: group[0]!.y,
      size,
      segments: segments.map((s) => ({ x0: s[0]!.x, x1: Math.max(...s.map((p) => p.x + p.width)), text: joinPieces(s) })),
    };
  });
}

const lineText = (line: Line) => line.segments.map((s) => s.text).join(" ");

/** The letterhead's lines, left column first, and how many lines of the page it took. */
function letterhead(lines: Line[], width: number): { text: string[]; used: number } | undefined {
  const left: string[] = [];
  const right: string[] = [];
  let twoColumn = 0;
  let used = 0;
  for (const line of lines.slice(0, 12)) {
    const segments = line.segments;
    if (segments.length === 2 && segments[0]!.x1 < width * 0.55 && segments[1]!.x0 > width * 0.4) {
      left.push(segments[0]!.text);
      right.push(segments[1]!.text);
      twoColumn++;
    } else if (segments.length === 1 && twoColumn > 0 && segments[0]!.x1 < width * 0.5) left.push(segments[0]!.text);
    else if (segments.length === 1 && twoColumn > 0 && segments[0]!.x0 > width * 0.45) right.push(segments[0]!.text);
    else if (twoColumn === 0 && used < 2 && segments.length === 1 && (segments[0]!.x1 < width * 0.5 || segments[0]!.x0 > width * 0.45)) {
      // The first line of one column may stand alone (the other starts lower).
      (segments[0]!.x1 < width * 0.5 ? left : right).push(segments[0]!.text);
    } else break;
    used++;
  }
  return twoColumn >= 2 ? { text: [...left, ...right], used } : undefined;
}

const PAGE_NUMBER_RE = /^(?:trang\s*)?[-–—]?\s*\d{1,4}\s*(?:\/\s*\d{1,4})?\s*[-–—]?$/iu;
const shape = (text: string) => text.replace(/\d+/g, "#").toLowerCase();

/** Lines repeated at the same end of most pages, and page numbers there. */
function runningLines(pages: Line[][]): Set<string> {
  const repeated = new Set<string>();
  if (pages.length < 3) return repeated;
  for (const pick of [(l: Line[]) => l.slice(0, 2), (l: Line[]) => l.slice(-2)]) {
    const counts = new Map<string, number>();
    for (const lines of pages) for (const key of new Set(pick(lines).map((l) => shape(lineText(l))))) counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const [key, count] of counts) if (count >= Math.max(3, pages.length * 0.6)) repeated.add(key);
  }
  return repeated;
}

function isAllCaps(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  return letters.length >= 3 && letters.every((c) => c === c.toUpperCase());
}

export function layoutPages(pages: PageText[]): string {
  const linesOfPages = pages.map(pageLines);
  const running = runningLines(linesOfPages);
  const out: string[] = [];
  linesOfPages.forEach((lines, p) => {
    const isEnd = (i: number) => i < 2 || i >= lines.length - 2;
    let kept = lines.filter((line, i) => !(isEnd(i) && (running.has(shape(lineText(line))) || PAGE_NUMBER_RE.test(lineText(line)))));
    if (p === 0) {
      const head = letterhead(kept, pages[0]!.width);
      if (head) {
        out.push(...head.text.flatMap((t) => [t, ""]));
        kept = kept.slice(head.used);
      }
    }
    const gaps = kept.slice(1).map((line, i) => kept[i]!.y - line.y).filter((g) => g > 0).sort((a, b) => a - b);
    const usual = gaps[Math.floor(gaps.length / 3)] ?? 0;
    kept.forEach((line, i) => {
      const text = lineText(line);
      const previous = out.at(-1);
      const gap = i > 0 ? kept[i - 1]!.y - line.y : Infinity;
      const close = gap <= usual * 1.2 + 0.5;
      if (previous && close && /\p{L}-$/u.test(previous) && /^\p{Ll}/u.test(text)) {
        out[out.length - 1] = previous.slice(0, -1) + text;
      } else if (previous && close && isAllCaps(previous) && isAllCaps(text) && !/[.:;]$/.test(previous)) {
        out[out.length - 1] = `${previous} ${text}`;
      } else {
        if (previous !== undefined && previous !== "" && !close) out.push("");
        out.push(text);
      }
    });
    out.push("");
  });
  return out.join("\n");
}
