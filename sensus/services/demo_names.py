"""Names, birth places and streets for the synthetic demo registry (all invented people).

Most of Kalimantan Selatan is Banjar and Muslim: Arabic-derived names, often with Banjar
forms (Nor/Noor, Akhmad, Utuh, Galuh, Aluh, Anang) and the Banjar nobility's Gusti and
Antung; many people carry one name only (Sukarni, Jumberi). Smaller groups are here too:
Javanese transmigrants, Balinese Hindus in Tanah Laut and Tanah Bumbu, Dayak and Batak
Christians, Chinese Indonesians.
"""

from __future__ import annotations

import random

MALE = 1

# fmt: off
_MUSLIM_MEN = (
    "Muhammad", "Ahmad", "Akhmad", "Abdul", "Anang", "Utuh", "Gusti", "Rahmat", "Fauzan",
    "Hairil", "Syahrani", "Bahrani", "Rusdi", "Mahmud", "Fahmi", "Iqbal", "Rizky", "Fajar",
    "Arif", "Zainal", "Mursyid", "Junaidi", "Bahtiar", "Husin", "Kamarudin", "Syamsul",
    "Hamdan", "Riduan", "Salman", "Noor", "Budi", "Agus", "Joko", "Heri",
)
_MUSLIM_MEN_2 = (
    "Rahman", "Hidayat", "Fauzi", "Ramadhan", "Arsyad", "Hadi", "Anshari", "Rizani", "Saputra",
    "Firdaus", "Hakim", "Aziz", "Yani", "Effendi", "Syarifuddin", "Basri", "Halidi", "Ilmi",
    "Maulana", "Wahyudi", "Santoso", "Prasetyo", "Rasyid", "Kurniawan",
)
_MUSLIM_WOMEN = (
    "Siti", "Nor", "Noor", "Galuh", "Aluh", "Diang", "Antung", "Gusti", "Rabiatul", "Nurul",
    "Fitri", "Rahmah", "Hairani", "Mariani", "Salasiah", "Aisyah", "Khadijah", "Fatimah",
    "Zahra", "Nadia", "Rina", "Dewi", "Sri", "Mahmudah", "Norhasanah", "Jamilah", "Masriah",
    "Rukayah", "Syarifah", "Ayu",
)
_MUSLIM_WOMEN_2 = (
    "Aisyah", "Hidayah", "Fitriani", "Rahmawati", "Hasanah", "Jannah", "Mawaddah", "Safitri",
    "Aulia", "Maulida", "Lestari", "Handayani", "Wati", "Sari", "Fadilah", "Azizah",
    "Mardiana", "Khairunnisa", "Maharani", "Amelia", "Rusmilawati", "Halimatussadiah",
)
_SINGLE_MEN = (
    "Jumberi", "Sarbani", "Jumadi", "Saidi", "Bakri", "Darmawi", "Samsuri", "Suparman",
    "Paimin", "Sukarno", "Ijai", "Anwar", "Saberan", "Hasbullah", "Mukeri",
)
_SINGLE_WOMEN = (
    "Sukarni", "Sumiati", "Jumiati", "Masitah", "Saidah", "Halimah", "Juhriah", "Rusmiati",
    "Mulyani", "Salamah", "Rusnah", "Sarinah", "Tukiyem", "Misnah", "Aminah",
)
_CHRISTIAN_MEN = (
    "Yohanes", "Stefanus", "Markus", "Petrus", "Daniel", "Yosua", "Antonius", "Andreas",
)
_CHRISTIAN_WOMEN = (
    "Maria", "Yuliana", "Elisabet", "Agustina", "Theresia", "Magdalena", "Debora", "Kristina",
)
_CHRISTIAN_2 = (
    "Simanjuntak", "Saragih", "Sitompul", "Damanik", "Lumbantobing", "Kurniawan", "Santoso",
    "Hartono",
)
_HINDU_MEN = ("I Wayan", "I Made", "I Nyoman", "I Ketut", "I Putu", "I Komang")
_HINDU_WOMEN = ("Ni Luh", "Ni Made", "Ni Nyoman", "Ni Ketut", "Ni Putu", "Ni Komang")
_HINDU_2 = ("Sudarma", "Suarta", "Astawa", "Sukerti", "Ariani", "Wardani", "Sudiartha", "Parwati")
_CHINESE_MEN = ("Hendra", "Rudy", "Sugianto", "Hartono", "Wilson", "Johan", "Budiman")
_CHINESE_WOMEN = ("Lili", "Meilani", "Susanti", "Lina", "Melinda", "Yanti", "Vivian")
_CHINESE_2 = ("Wijaya", "Tanoto", "Halim", "Gunawan", "Lim", "Tanjaya", "Setiawan")

# The main town of each regency, where most of its people were born.
_TOWNS = {
    "6301": "Pelaihari", "6302": "Kotabaru", "6303": "Martapura", "6304": "Marabahan",
    "6305": "Rantau", "6306": "Kandangan", "6307": "Barabai", "6308": "Amuntai",
    "6309": "Tanjung", "6310": "Batulicin", "6311": "Paringin", "6371": "Banjarmasin",
    "6372": "Banjarbaru",
}
_FAR_PLACES = (
    "Surabaya", "Yogyakarta", "Semarang", "Palangka Raya", "Samarinda", "Balikpapan",
    "Jakarta", "Makassar", "Malang", "Kediri", "Denpasar", "Medan",
)
_CITY_STREETS = (
    "Jl. Ahmad Yani", "Jl. Pangeran Antasari", "Jl. Veteran", "Jl. Sultan Adam",
    "Jl. Kayu Tangi", "Jl. Pramuka", "Jl. Gatot Subroto", "Jl. Pangeran Hidayatullah",
    "Jl. Lambung Mangkurat", "Jl. Brigjen H. Hasan Basri", "Jl. Kuripan", "Jl. Cempaka",
    "Jl. Melati", "Jl. Belitung Darat", "Jl. Sutoyo S.", "Jl. Handil Bakti",
)
_LANES = ("Gg. Mesjid", "Gg. Rahmat", "Gg. Amanah", "Gg. Sepakat", "Gg. Keluarga", "Gg. Damai")
_VILLAGE_STREETS = (
    "Jl. Poros Desa", "Jl. Trans Kalimantan", "Jl. Irigasi", "Jl. Handil", "Jl. Pasar",
    "Jl. Langgar", "Jl. Sekolah", "Jl. Tepi Sungai", "Jl. Kebun",
)
# fmt: on

ISLAM, KRISTEN, KATOLIK, HINDU, BUDDHA, KHONGHUCU = 1, 2, 3, 4, 5, 6


def person_name(rng: random.Random, sex: int, religion: int) -> str:
    """A plausible full name for a person of this sex and religion code."""
    male = sex == MALE
    if religion in (KRISTEN, KATOLIK):
        return _two(rng, _CHRISTIAN_MEN if male else _CHRISTIAN_WOMEN, _CHRISTIAN_2)
    if religion == HINDU:
        return _two(rng, _HINDU_MEN if male else _HINDU_WOMEN, _HINDU_2)
    if religion in (BUDDHA, KHONGHUCU):
        return _two(rng, _CHINESE_MEN if male else _CHINESE_WOMEN, _CHINESE_2)
    if rng.random() < 0.25:
        return rng.choice(_SINGLE_MEN if male else _SINGLE_WOMEN)
    if male:
        return _two(rng, _MUSLIM_MEN, _MUSLIM_MEN_2)
    return _two(rng, _MUSLIM_WOMEN, _MUSLIM_WOMEN_2)


def birth_place(rng: random.Random, regency: str) -> str:
    """Mostly the regency's own town; sometimes another town of the province, or farther."""
    roll = rng.random()
    if roll < 0.8:
        return _TOWNS[regency]
    if roll < 0.93:
        return rng.choice(list(_TOWNS.values()))
    return rng.choice(_FAR_PLACES)


def street(rng: random.Random, urban: bool) -> str:
    """A street address: a city street, often down a gang, or a village road."""
    number = rng.randint(1, 120)
    if not urban:
        return f"{rng.choice(_VILLAGE_STREETS)} No. {number}"
    if rng.random() < 0.4:
        return f"{rng.choice(_CITY_STREETS)} {rng.choice(_LANES)} No. {number}"
    return f"{rng.choice(_CITY_STREETS)} No. {number}"


def _two(rng: random.Random, first: tuple[str, ...], second: tuple[str, ...]) -> str:
    given, family = rng.choice(first), rng.choice(second)
    return given if given == family else f"{given} {family}"
