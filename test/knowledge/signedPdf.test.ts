import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import forge from "node-forge";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanDocument } from "../../src/ingest/types.js";
import { parsePlanFile } from "../../src/knowledge/loadKnowledge.js";
import { convertWithLibreOffice, SOFFICE, wordFromPlanText } from "../helpers/formatCorpus.js";

/**
 * Plans signed in the e-office system: a PKCS#7 signature over the file's bytes, in a signature
 * field, as @signpdf writes one (the structure Adobe and the Vietnamese CA tools use). The text
 * layer is the unsigned file's, so the plan reads the same.
 */
const PLAN = readFileSync(new URL("../realset/communes/plans/14_dongthinh-chi-tieu-2020.md", import.meta.url), "utf8");

/** A self-signed certificate of a commune's office and its key, as the PKCS#12 file a signing tool holds. */
function officeCertificate(passphrase: string): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const subject = [
    { name: "commonName", value: "UBND xa Dong Thinh" },
    { name: "countryName", value: "VN" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: "3des" });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary");
}

async function sign(pdf: Buffer): Promise<Buffer> {
  const document = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({ pdfDoc: document, reason: "Ban hành kế hoạch", contactInfo: "ubnd@dongthinh.gov.vn", name: "UBND xã Đông Thịnh", location: "Đông Thịnh" });
  const withPlaceholder = Buffer.from(await document.save({ useObjectStreams: false }));
  return new SignPdf().sign(withPlaceholder, new P12Signer(officeCertificate("mat-khau"), { passphrase: "mat-khau" }));
}

const reading = (doc: PlanDocument) => ({ sections: doc.sections.map((s) => [s.path, s.heading]), passages: doc.passages.map((p) => p.text), meta: doc.meta });

describe.skipIf(!SOFFICE)("a digitally signed PDF", () => {
  let unsigned: Buffer;
  let signed: Buffer;
  beforeAll(async () => {
    [unsigned] = (await convertWithLibreOffice([{ name: "14_dongthinh.docx", bytes: await wordFromPlanText(PLAN) }], "pdf")) as [Buffer];
    signed = await sign(unsigned);
  }, 180_000);

  it("carries a real signature: a signature field whose byte range covers the file but the PKCS#7 contents", () => {
    const text = signed.toString("latin1");
    expect(text).toMatch(/\/Type\s*\/Sig\b/);
    expect(text).toMatch(/\/SubFilter\s*\/adbe\.pkcs7\.detached/);
    const [, a, b, c, d] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)!.map(Number) as number[];
    expect(a).toBe(0);
    expect(c! + d!).toBe(signed.length);
    // Between the two ranges: the hex of a DER PKCS#7 SignedData (it starts with a SEQUENCE, 0x30 0x82).
    expect(text.slice(b!, c!)).toMatch(/^<3082[0-9a-f]+0*>$/i);
    expect(signed.length).toBeGreaterThan(unsigned.length);
  });

  it("is read with the same text, sections and metadata as the unsigned file", async () => {
    const plain = await parsePlanFile("14_dongthinh.pdf", unsigned);
    const read = await parsePlanFile("14_dongthinh.pdf", signed);
    expect(plain.passages.length).toBeGreaterThan(4);
    expect(reading(read)).toEqual(reading(plain));
    expect(read.warnings).toEqual(plain.warnings);
  });
});
