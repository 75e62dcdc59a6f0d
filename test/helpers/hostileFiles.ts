import { deflateRawSync, deflateSync } from "node:zlib";

/** Files made to hurt a reader, generated small: each stands for one that crashed or blocked the bot. */

/** A zip archive written by hand, so that a 200 MB entry costs one native deflate (declared sizes are true). */
export function zipOf(files: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const packed = deflateRawSync(content, { level: 9 });
    const nameBytes = Buffer.from(name);
    // yauzl does not check the CRC, and the reader must refuse before inflating anyway.
    const crc = 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A .docx of a few hundred kilobytes whose document.xml unpacks to `megabytes` MB. */
export function zipBombDocx(megabytes = 200): Buffer {
  const filler = Buffer.alloc(megabytes * 1024 * 1024, 0x61);
  Buffer.from("<w:document><w:body><w:p><w:r><w:t>").copy(filler);
  return zipOf({
    "[Content_Types].xml": Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    "word/document.xml": filler,
  });
}

/** A PDF from its objects (numbered from 1, the first the catalog), with a correct cross-reference table. */
export function pdfFromObjects(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "latin1")];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body, "latin1"), Buffer.from("\nendobj\n")]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function stream(content: Buffer, compress = true): Buffer {
  const data = compress ? deflateSync(content, { level: 9 }) : content;
  return Buffer.concat([Buffer.from(`<< /Length ${data.length}${compress ? " /Filter /FlateDecode" : ""} >>\nstream\n`), data, Buffer.from("\nendstream")]);
}

/** A PDF of `pages` empty pages (16 MB stood for 100,000 pages). */
export function manyPagesPdf(pages = 100_000): Buffer {
  const first = 3;
  const kids = Array.from({ length: pages }, (_, i) => `${first + i} 0 R`).join(" ");
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", `<< /Type /Pages /Count ${pages} /Kids [${kids}] >>`];
  for (let i = 0; i < pages; i++) objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>");
  return pdfFromObjects(objects);
}

const FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/** One page whose content stream holds `operators` text-showing operators, compressed to a few hundred kilobytes. */
export function manyOperatorsPdf(operators = 3_000_000): Buffer {
  // Every piece of text on the page, at one place: a reader that kept them all would fill its memory.
  const content = Buffer.concat([Buffer.from("BT /F1 12 Tf\n"), Buffer.from("1 0 0 1 20 100 Tm (ab) Tj\n".repeat(operators / 2)), Buffer.from("ET\n")]);
  return pdfFromObjects([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    stream(content),
    FONT,
  ]);
}

/** A page whose dictionary and content hold arrays nested `depth` deep. */
export function deeplyNestedPdf(depth = 100_000): Buffer {
  const nested = `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const content = Buffer.from(`BT /F1 12 Tf 10 100 Td ${nested} TJ (Ke hoach) Tj ET\n`);
  return pdfFromObjects([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Nested ${nested} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
    stream(content),
    FONT,
  ]);
}

/** A PNG that declares `width` x `height` pixels in a file of a few hundred bytes. */
export function hugePng(width = 100_000, height = 100_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, "latin1"), data, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(1024 * 1024))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
