// @ts-check
// The NIK's structure, as sensus/domain/identity.py checks it: 16 digits PPRRDD DDMMYY SSSS,
// the birth date with 40 added to the day for women, a serial that is not 0000, and sex and
// birth date that agree with the person's own answers.
//
// The district prefix (PPRRDD) is not checked here: that needs the region master and the
// historical prefixes, which the browser does not have. The server checks it on submission
// and answers with `unknown_region`.
import { nikError } from "./i18n.js";

const SIXTEEN_DIGITS = /^[0-9]{16}$/;
const FEMALE_DAY_OFFSET = 40;
export const MALE = 1;
export const FEMALE = 2;

function daysInMonth(year, month) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * {day, month, year (two digits), sex} that digits 7-12 encode, or null when they are not a
 * real date: the server accepts a day that exists in 19YY or 20YY, which for 29 February
 * means YY divisible by 4 (00 included: 2000 was a leap year), i.e. a real date in 20YY.
 */
function birthCode(nik) {
  const code = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const year = Number(nik.slice(10, 12));
  const sex = code > FEMALE_DAY_OFFSET ? FEMALE : MALE;
  const day = sex === FEMALE ? code - FEMALE_DAY_OFFSET : code;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000 + year, month)) return null;
  return { day, month, year, sex };
}

/**
 * What is wrong with `nik` (errors at `path`), the district prefix aside. `sex` (1 or 2) and
 * `birthDate` ({year, month, day}) are the person's answers, or null when not known.
 */
/**
 * @param {string} nik
 * @param {{sex?: number | null, birthDate?: {year: number, month: number, day: number} | null}} [person]
 * @param {string} [path]
 */
export function nikErrors(nik, { sex = null, birthDate = null } = {}, path = "nik") {
  if (!SIXTEEN_DIGITS.test(nik)) return [nikError(path, "format")];
  const codes = [];
  const born = birthCode(nik);
  if (born === null) codes.push("invalid_date");
  if (nik.slice(12) === "0000") codes.push("invalid_serial");
  if (born !== null) {
    if ((sex === MALE || sex === FEMALE) && born.sex !== sex) codes.push("sex_mismatch");
    const same = birthDate !== null && birthDate.day === born.day
      && birthDate.month === born.month && birthDate.year % 100 === born.year;
    if (birthDate !== null && !same) codes.push("birth_date_mismatch");
  }
  return codes.map((code) => nikError(path, code));
}
