/** File signatures of pictures: a photo or a scan sent where a plan with text is needed. */
const IMAGE_SIGNATURES: readonly (readonly number[])[] = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x49, 0x49, 0x2a, 0x00], // TIFF (little-endian)
  [0x4d, 0x4d, 0x00, 0x2a], // TIFF (big-endian)
  [0x42, 0x4d], // BMP
];

/** An image (JPEG, PNG, GIF, TIFF, BMP, WebP, HEIC) whatever its file name says. */
export function looksLikeImage(bytes: Uint8Array): boolean {
  if (IMAGE_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b))) return true;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return true;
  return ascii(4, 8) === "ftyp" && /^(heic|heix|mif1|avif)$/.test(ascii(8, 12));
}
