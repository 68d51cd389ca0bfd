// @ts-check
// The field error catalogue of document validation, in Indonesian (id) and English (en):
// the browser's copy of sensus/domain/questionnaire/messages.py and of the NIK messages of
// sensus/domain/identity.py. tests/browser/test_rule_vectors_in_chromium.py compares them.
// Messages never repeat the answer (it may be personal data).

export const MESSAGES = Object.freeze({
  invalid_type: {
    id: "Isian ini tidak berbentuk jawaban yang benar.",
    en: "This answer is not of the right kind.",
  },
  invalid_character: {
    id: "Jawaban berisi karakter yang tidak diperbolehkan (karakter kontrol).",
    en: "The answer contains a character that is not allowed (a control character).",
  },
  unknown_field: { id: "Isian ini tidak dikenal.", en: "This field is not known." },
  missing_field: { id: "Bagian ini wajib ada.", en: "This part is missing." },
  questionnaire_changed: {
    id: "Kuesioner telah diperbarui. Muat ulang halaman.",
    en: "The questionnaire was updated. Please reload the page.",
  },
  too_many_members: {
    id: "Jumlah anggota keluarga terlalu banyak.",
    en: "There are too many household members.",
  },
  invalid_member_id: {
    id: "Kode anggota keluarga tidak valid.",
    en: "The member identifier is not valid.",
  },
  invalid_presence: {
    id: "Pilih keberadaan anggota: tinggal di sini, pindah, atau meninggal.",
    en: "Choose where the member is: lives here, moved away or died.",
  },
  presence_not_allowed: {
    id: "Keberadaan ini tidak berlaku untuk anggota ini.",
    en: "This presence does not apply to this member.",
  },
  required: { id: "Pertanyaan ini wajib dijawab.", en: "This question must be answered." },
  too_long: { id: "Jawaban terlalu panjang.", en: "The answer is too long." },
  out_of_range: {
    id: "Jawaban di luar batas yang diperbolehkan.",
    en: "The answer is outside the allowed range.",
  },
  invalid_date: { id: "Tanggal tidak valid (TTTT-BB-HH).", en: "This is not a valid date (YYYY-MM-DD)." },
  no_such_date: {
    id: "Tanggal ini tidak ada di kalender. Periksa hari dan bulannya.",
    en: "There is no such day in the calendar. Please check the day and the month.",
  },
  not_a_number: {
    id: "Isikan angka bulat saja, tanpa huruf atau tanda lain.",
    en: "Enter a whole number, digits only.",
  },
  invalid_choice: { id: "Pilihan jawaban tidak tersedia.", en: "This choice is not available." },
  invalid_region: { id: "Kode desa/kelurahan tidak dikenal.", en: "This is not a known village code." },
  no_member_present: {
    id: "Minimal satu anggota keluarga harus tinggal di sini.",
    en: "At least one member must live here.",
  },
  no_head: {
    id: "Salah satu anggota yang tinggal di sini harus kepala keluarga.",
    en: "One member living here must be the head of the family.",
  },
  multiple_heads: {
    id: "Hanya boleh ada satu kepala keluarga.",
    en: "There can be only one head of the family.",
  },
  duplicate_nik: {
    id: "NIK ini sudah dipakai anggota keluarga lain.",
    en: "Another member of the household has this NIK.",
  },
});

// The NIK's own codes (identity.py), but for unknown_region: only the server can check it.
export const NIK_MESSAGES = Object.freeze({
  format: { id: "NIK harus terdiri dari 16 angka.", en: "The NIK must be exactly 16 digits." },
  invalid_date: {
    id: "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar.",
    en: "Digits 7 to 12 of the NIK are not a real birth date.",
  },
  invalid_serial: {
    id: "Empat angka terakhir NIK tidak boleh 0000.",
    en: "The last four digits of the NIK cannot be 0000.",
  },
  sex_mismatch: { id: "Jenis kelamin tidak sesuai dengan NIK.", en: "The sex does not match the NIK." },
  birth_date_mismatch: {
    id: "Tanggal lahir tidak sesuai dengan NIK.",
    en: "The birth date does not match the NIK.",
  },
});

/** The catalogued error `code` at `path`: {path, code, message: {id, en}}. */
export function fieldError(path, code) {
  return { path, code, message: { ...MESSAGES[code] } };
}

/** A NIK error (a code of NIK_MESSAGES) at `path`. */
export function nikError(path, code) {
  return { path, code, message: { ...NIK_MESSAGES[code] } };
}

// Month names as people write dates (day first): the bounds of a date question in a message.
const MONTHS = {
  id: "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(" "),
  en: "January February March April May June July August September October November December".split(" "),
};
// What an out-of-range answer is told, by "has a minimum, has a maximum, is a date" (messages.py).
const RANGES = {
  "true,true,false": { id: "Isikan angka {low}–{high}.", en: "Enter a number from {low} to {high}." },
  "true,false,false": { id: "Angka tidak boleh kurang dari {low}.", en: "The number cannot be less than {low}." },
  "false,true,false": { id: "Angka tidak boleh lebih dari {high}.", en: "The number cannot be more than {high}." },
  "true,true,true": { id: "Tanggal harus di antara {low} dan {high}.", en: "The date must be between {low} and {high}." },
  "true,false,true": { id: "Tanggal tidak boleh sebelum {low}.", en: "The date cannot be before {low}." },
  "false,true,true": { id: "Tanggal tidak boleh setelah {high}.", en: "The date cannot be after {high}." },
};

function written(bound, isDate, lang) {
  if (bound == null || !isDate) return String(bound);
  const [year, month, day] = String(bound).split("-");
  return `${Number(day)} ${MONTHS[lang][Number(month) - 1]} ${year}`;
}

/** `out_of_range` at `path`, saying the range ("Isikan angka 0–120."), as messages.py does. */
export function outOfRange(path, low, high, isDate) {
  const texts = RANGES[[low != null, high != null, isDate].join(",")];
  const fill = (lang) => texts[lang]
    .replace("{low}", written(low, isDate, lang)).replace("{high}", written(high, isDate, lang));
  return { path, code: "out_of_range", message: { id: fill("id"), en: fill("en") } };
}

