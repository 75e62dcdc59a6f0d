import { PlanFileError, planProblem, scanToRead } from "./planFileError.js";

/**
 * Photos and scans of a plan. Their size is read from the header (PNG IHDR, JPEG SOF) before
 * anything is decoded, so an image of a few kilobytes that would decode to gigabytes is refused
 * as such. An image that passes is a scan of one page, to be read by OCR (ocrEngine.ts).
 */
export const IMAGE_LIMITS = { maxMegapixels: 60 };

function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || bytes.readUInt32BE(0) !== 0x89504e47 || bytes.subarray(12, 16).toString("latin1") !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    const length = bytes.readUInt16BE(offset + 2);
    // Start-of-frame markers carry the size; C4, C8 and CC are other tables.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}

export function imageScan(file: string, bytes: Buffer): never {
  if (bytes.length === 0) throw new PlanFileError(planProblem(file, "planFile.empty"));
  const size = pngSize(bytes) ?? jpegSize(bytes);
  if (!size) throw new PlanFileError(planProblem(file, "planFile.imageDamaged"));
  const megapixels = (size.width * size.height) / 1e6;
  if (megapixels > IMAGE_LIMITS.maxMegapixels) {
    throw new PlanFileError(planProblem(file, "planFile.imageTooLarge", { megapixels: Math.round(megapixels), limit: IMAGE_LIMITS.maxMegapixels }));
  }
  throw scanToRead(file, "image", 1);
}
