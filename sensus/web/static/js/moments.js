// @ts-check
// Times as people read them: in the zone of the household's or area's province, the zone
// named ("15 Februari 2026, pukul 11.05 WITA"), never in the phone's own zone. The same
// table and the same words as the server's (sensus/domain/zones.py, web/i18n.py
// format_moment), proven by tests/vectors/moments.json in both.
import { lang } from "./i18n.js";

const PROVINCES = {
  WIB: "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 61 62",
  WITA: "51 52 53 63 64 65 71 72 73 74 75 76",
  WIT: "81 82 91 92 93 94 95 96",
};
const OFFSET_HOURS = { WIB: 7, WITA: 8, WIT: 9 };
const ZONE_OF_PROVINCE = Object.fromEntries(
  Object.entries(PROVINCES).flatMap(([zone, codes]) => codes.split(" ").map((code) => [code, zone])));

/** "WIB", "WITA" or "WIT": the zone of the province of a region code; WIB without one. */
export function zoneOf(code) {
  return ZONE_OF_PROVINCE[String(code ?? "").slice(0, 2)] ?? "WIB";
}

const months = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", { month: "long", timeZone: "UTC" });
const two = (n) => String(n).padStart(2, "0");

/** An ISO 8601 moment in the zone of region `place`, the zone named; "" for none. */
export function formatMoment(iso, place, language = lang) {
  if (!iso) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return String(iso);
  const zone = zoneOf(place);
  // The zones keep no daylight saving time: a fixed offset read on the UTC clock is exact.
  const local = new Date(when.getTime() + OFFSET_HOURS[zone] * 3600_000);
  const names = language === lang ? months : new Intl.DateTimeFormat(language === "en" ? "en-GB" : "id-ID", { month: "long", timeZone: "UTC" });
  const day = `${local.getUTCDate()} ${names.format(local)} ${local.getUTCFullYear()}`;
  const hh = two(local.getUTCHours()), mm = two(local.getUTCMinutes());
  return language === "en" ? `${day}, at ${hh}:${mm} ${zone}` : `${day}, pukul ${hh}.${mm} ${zone}`;
}
