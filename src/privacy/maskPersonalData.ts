/**
 * Masks what identifies a resident before a question is stored or logged: e-mail addresses,
 * phone numbers, ID card numbers (CCCD 12 digits, CMND 9 digits) and bank account numbers.
 * Figures of a plan (93,45%, 2.961 tấn, 05/KH-UBND, 2024) are left alone.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// +84 or 0, then 9 or 10 more digits, possibly grouped by spaces, dots or dashes: 0901 234 567, +84 90-123-4567.
const PHONE = /(?<![\p{N}])(?:\+84|84|0)(?:[\s.-]?\d){9,10}(?![\p{N}])/gu;
const ID_CARD = /(?<![\p{N}.,/])(?:\d{12}|\d{9})(?![\p{N}.,/%])/gu;
// 8 to 19 digits, possibly grouped: bank account and card numbers.
const BANK_ACCOUNT = /(?<![\p{N}.,/])\d(?:[\s-]?\d){7,18}(?![\p{N}.,/%])/gu;

export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(PHONE, "[số điện thoại]")
    .replace(ID_CARD, "[số giấy tờ]")
    .replace(BANK_ACCOUNT, "[số tài khoản]");
}
