"""Regenerate data/countries.csv and data/country_aliases.csv.

Run from anywhere:  python scripts/build_countries.py

Build-time dependency: pycountry (pip install pycountry; output checked with 26.2.16). It
supplies the ISO 3166-1 entities (alpha-2, alpha-3, numeric code, ISO names). Everything
else is in the hand-written tables below. The app itself never imports pycountry.

Rules applied
- Rows: every ISO 3166-1 entity, plus Kosovo (XKX / XK, user-assigned codes) and the
  European Union (EUU / EU, kind=regional_organization, no M49 code, no region).
  kind: member_state (193 UN members), observer_state (Holy See, State of Palestine),
  regional_organization (EU), territory (everything else, whatever its status).
- m49: the ISO numeric code, zero-padded; it equals the UN M49 code for every entity M49
  lists. Taiwan (158) is not listed separately in M49; Kosovo and the EU have none.
- formal_name: the UN M49 "Country or Area" English name (the name UNTC also uses), from
  FORMAL_NAMES where it differs from the ISO short name. Entities M49 does not list keep
  their ISO name (Taiwan: "Taiwan, Province of China") or, for Kosovo and the EU, the
  plain name.
- name (for display): the formal name, unless it carries a parenthetical qualifier or is
  longer than 24 characters and a shorter name is in common UN / international use; those
  exceptions are SHORT_NAMES. So "Russian Federation", "Viet Nam", "Republic of Korea",
  "United States of America" stay; "Iran (Islamic Republic of)" shows as "Iran".
- region / subregion: M49 region and sub-region (not the intermediate regions: all of
  Africa south of the Sahara is "Sub-Saharan Africa", Central/South America and the
  Caribbean are "Latin America and the Caribbean"). Taiwan is placed in Eastern Asia and
  Kosovo in Southern Europe by geography. Antarctica and the EU have none.
- un_group: the UN regional group used for elections, member states only.
  * Türkiye takes part fully in both the Asia-Pacific Group and WEOG but is counted in
    WEOG for electoral purposes: WEOG, with a note.
  * Israel has been a full member of WEOG in New York since 2004 (temporary since 2000):
    WEOG, with a note.
  * The United States belongs to no group; it attends WEOG meetings as an observer and is
    counted with WEOG for electoral purposes: WEOG, with a note.
  * Kiribati is not a member of any regional group: empty, with a note.
  * Observer states and everything that is not a member state: empty (notes for the two
    observer states).
- Aliases: kind "name" (row names, ISO names, historic and common spellings, World Bank
  style "Korea, Rep." forms) and kind "demonym" (adjectives used in headlines; ambiguous
  ones such as "Korean", "Congolese", "Dominican" are left out on purpose). Matching is on
  treaty_monitor.countries.normalize, so case, accents, "St."/"Saint" and "&"/"and"
  variants need no rows of their own; the build refuses an alias whose normalized form
  points at two countries.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from treaty_monitor.countries import normalize  # noqa: E402  (one normalization for build and run)

DATA = ROOT / "data"

# --- UN regional groups (member states only) -----------------------------------------
UN_GROUPS = {
    "African": """DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH
        GAB GMB GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN
        SYC SLE SOM ZAF SSD SDN TGO TUN UGA TZA ZMB ZWE""",
    "Asia-Pacific": """AFG BHR BGD BTN BRN KHM CHN CYP PRK FJI IND IDN IRN IRQ JPN JOR KAZ KWT KGZ
        LAO LBN MYS MDV MHL FSM MNG MMR NRU NPL OMN PAK PLW PNG PHL QAT KOR WSM SAU SGP SLB LKA
        SYR TJK THA TLS TON TKM TUV ARE UZB VUT VNM YEM""",
    "Eastern European": """ALB ARM AZE BLR BIH BGR HRV CZE EST GEO HUN LVA LTU MNE MKD POL MDA
        ROU RUS SRB SVK SVN UKR""",
    "Latin American and Caribbean": """ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV
        GRD GTM GUY HTI HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN""",
    "Western European and others": """AND AUS AUT BEL CAN DNK FIN FRA DEU GRC ISL IRL ISR ITA LIE
        LUX MLT MCO NLD NZL NOR PRT SMR ESP SWE CHE TUR GBR USA""",
}
NO_GROUP_MEMBERS = {"KIR"}
OBSERVER_STATES = {"VAT", "PSE"}
UN_GROUP_NOTES = {
    "TUR": "Participates fully in both the Asia-Pacific Group and WEOG; counted in WEOG for electoral purposes",
    "ISR": "Full member of WEOG in New York since 2004 (temporary member from 2000); not in the Asia-Pacific Group",
    "USA": "Not a member of any group; attends WEOG meetings as an observer and is counted with WEOG for electoral purposes",
    "KIR": "Not a member of any regional group",
    "PSE": "Non-member observer State; regional groups are counted for member states only",
    "VAT": "Non-member observer State; not a member of any regional group",
}

# --- M49 sub-regions (region in front) --------------------------------------------------
SUBREGIONS = {
    ("Africa", "Northern Africa"): "DZA EGY LBY MAR SDN TUN ESH",
    ("Africa", "Sub-Saharan Africa"): """IOT BDI COM DJI ERI ETH ATF KEN MDG MWI MUS MYT MOZ REU RWA
        SYC SOM SSD UGA TZA ZMB ZWE AGO CMR CAF TCD COG COD GNQ GAB STP BWA SWZ LSO NAM ZAF BEN
        BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SHN SEN SLE TGO""",
    ("Americas", "Latin America and the Caribbean"): """AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA
        DOM GRD GLP HTI JAM MTQ MSR PRI BLM KNA LCA MAF VCT SXM TTO TCA VIR BLZ CRI SLV GTM HND
        MEX NIC PAN ARG BOL BVT BRA CHL COL ECU FLK GUF GUY PRY PER SGS SUR URY VEN""",
    ("Americas", "Northern America"): "BMU CAN GRL SPM USA",
    ("Asia", "Central Asia"): "KAZ KGZ TJK TKM UZB",
    ("Asia", "Eastern Asia"): "CHN HKG MAC PRK JPN MNG KOR TWN",
    ("Asia", "South-eastern Asia"): "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    ("Asia", "Southern Asia"): "AFG BGD BTN IND IRN MDV NPL PAK LKA",
    ("Asia", "Western Asia"): "ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN QAT SAU PSE SYR TUR ARE YEM",
    ("Europe", "Eastern Europe"): "BLR BGR CZE HUN POL MDA ROU RUS SVK UKR",
    ("Europe", "Northern Europe"): "ALA DNK EST FRO FIN GGY ISL IRL IMN JEY LVA LTU NOR SJM SWE GBR",
    ("Europe", "Southern Europe"): "ALB AND BIH HRV GIB GRC VAT ITA MLT MNE MKD PRT SMR SRB SVN ESP XKX",
    ("Europe", "Western Europe"): "AUT BEL FRA DEU LIE LUX MCO NLD CHE",
    ("Oceania", "Australia and New Zealand"): "AUS CXR CCK HMD NZL NFK",
    ("Oceania", "Melanesia"): "FJI NCL PNG SLB VUT",
    ("Oceania", "Micronesia"): "GUM KIR MHL FSM NRU MNP PLW UMI",
    ("Oceania", "Polynesia"): "ASM COK PYF NIU PCN WSM TKL TON TUV WLF",
}
NO_REGION = {"ATA", "EUU"}

# --- Names ---------------------------------------------------------------------------------
# UN M49 / UNTC names where they differ from the ISO 3166-1 short name.
FORMAL_NAMES = {
    "BOL": "Bolivia (Plurinational State of)",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "HKG": "China, Hong Kong Special Administrative Region",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MAC": "China, Macao Special Administrative Region",
    "MAF": "Saint Martin (French Part)",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands (Kingdom of the)",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "SHN": "Saint Helena",
    "SJM": "Svalbard and Jan Mayen Islands",
    "TZA": "United Republic of Tanzania",
    "USA": "United States of America",
    "VAT": "Holy See",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
    "WLF": "Wallis and Futuna Islands",
}
# Display names where the formal name has a qualifier or is long (see the docstring).
SHORT_NAMES = {
    "BOL": "Bolivia", "COD": "DR Congo", "FLK": "Falkland Islands", "FSM": "Micronesia",
    "GBR": "United Kingdom", "HKG": "Hong Kong", "IRN": "Iran", "LAO": "Lao PDR",
    "MAC": "Macao", "MAF": "Saint Martin", "NLD": "Netherlands", "PRK": "DPR Korea",
    "SXM": "Sint Maarten",
    "TWN": "Taiwan", "TZA": "Tanzania", "UMI": "US Minor Outlying Islands",
    "VEN": "Venezuela", "VIR": "US Virgin Islands", "WLF": "Wallis and Futuna",
}
# Entities that pycountry does not have: iso3 -> (iso2, name).
EXTRA_ENTITIES = {"XKX": ("XK", "Kosovo"), "EUU": ("EU", "European Union")}

# Alternative spellings, historic names and the forms other datasets use.
NAME_ALIASES = {
    "AFG": "Islamic Republic of Afghanistan",
    "ALA": "Aland Islands; Åland",
    "ARE": "UAE; Emirates",
    "ATG": "Antigua",
    "BHS": "Bahamas; The Bahamas; Bahamas, The",
    "BIH": "Bosnia; Bosnia-Herzegovina",
    "BLM": "Saint Barthelemy; St. Barts",
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "CHN": "China mainland; Mainland China; China (mainland); PRC",
    "CIV": "Cote d'Ivoire; Ivory Coast",
    "COD": ("Congo, Dem. Rep.; DR Congo; DRC; Congo-Kinshasa; Congo (Kinshasa); "
            "Democratic Republic of Congo; Congo, Democratic Republic of the; Zaire"),
    "COG": ("Congo-Brazzaville; Congo (Brazzaville); Republic of the Congo; Republic of Congo; "
            "Congo, Rep.; Congo, Republic of the"),
    "CPV": "Cape Verde; Cabo Verde",
    "CUW": "Curacao",
    "CZE": "Czech Republic",
    "EGY": "Egypt, Arab Rep.",
    "EUU": "EU; European Community",
    "FLK": "Falklands; Falkland Islands (Islas Malvinas)",
    "FSM": "Micronesia; Micronesia, Fed. Sts.; Federated States of Micronesia",
    "GBR": "UK; U.K.; Great Britain; Britain; United Kingdom",
    "GMB": "Gambia; The Gambia; Gambia, The",
    "GNB": "Guinea Bissau",
    "HKG": "Hong Kong SAR; Hong Kong, China; Hong Kong SAR, China; Hong Kong (China); Hong Kong SAR of China",
    "IRL": "Republic of Ireland",
    "IRN": "Iran; Iran, Islamic Rep.; Persia",
    "KGZ": "Kyrgyz Republic",
    "KNA": "St. Kitts and Nevis; Saint Kitts and Nevis; St Kitts & Nevis",
    "KOR": "South Korea; Korea, Republic of; Korea, Rep.; Korea (Republic of); Korea (South)",
    "LAO": "Laos; Lao PDR; Lao P.D.R.",
    "LBY": "Libyan Arab Jamahiriya",
    "LCA": "St. Lucia",
    "LKA": "Ceylon",
    "MAC": "Macau; Macao SAR; Macau SAR; Macao, China; Macao SAR, China; Macau, China",
    "MAF": "St. Martin (French part); Saint-Martin",
    "MDA": "Moldova; Moldova, Republic of",
    "MKD": "Macedonia; North Macedonia; The former Yugoslav Republic of Macedonia; FYROM; Macedonia, FYR",
    "MMR": "Burma; Myanmar (Burma)",
    "NLD": "Netherlands; The Netherlands; Holland; Kingdom of the Netherlands",
    "PCN": "Pitcairn Islands",
    "PRK": ("North Korea; Korea, Dem. People's Rep.; Korea, DPR; DPRK; DPR Korea; "
            "Korea (Democratic People's Republic of); Korea (North)"),
    "PSE": ("Palestine; State of Palestine; Palestinian Territories; Palestinian Territory; "
            "Occupied Palestinian Territory; West Bank and Gaza; Palestinian Authority"),
    "REU": "Reunion",
    "RUS": "Russia",
    "SHN": "Saint Helena, Ascension and Tristan da Cunha",
    "SJM": "Svalbard",
    "STP": "Sao Tome and Principe; São Tomé and Príncipe",
    "SVK": "Slovak Republic",
    "SWZ": "Swaziland; Eswatini",
    "SXM": "Sint Maarten (Dutch part)",
    "SYR": "Syria",
    "TCA": "Turks and Caicos",
    "TLS": "East Timor; Timor-Leste; Timor Leste",
    "TUR": "Turkey; Turkiye; Republic of Turkey",
    "TWN": "Taiwan, Province of China; Taiwan, China; Chinese Taipei",
    "TZA": "Tanzania; Tanzania, United Republic of",
    "UMI": "U.S. Outlying Islands; United States Minor Outlying Islands",
    "USA": "USA; U.S.A.; U.S.; United States; United States of America",
    "VAT": "Holy See; Vatican; Vatican City; Vatican City State",
    "VCT": "St. Vincent and the Grenadines; St. Vincent & Grenadines",
    "VEN": "Venezuela; Venezuela, RB",
    "VGB": "BVI; Virgin Islands, British; Virgin Islands (British)",
    "VIR": "US Virgin Islands; U.S. Virgin Islands; Virgin Islands (U.S.); Virgin Islands, U.S.",
    "VNM": "Vietnam; Viet Nam",
    "YEM": "Yemen, Rep.",
}
# Misspellings and forms in providers' transparency reports (Microsoft LERR workbooks, Snap CSVs).
# Plain "Korea" is deliberately not an alias (ambiguous); collectors/transparency_microsoft.py maps it.
TRANSPARENCY_ALIASES = {
    "BEL": "Beligum", "CHE": "Swizerland", "URY": "Urugay", "VEN": "Venezuala",
    "TWN": "Taiwan Province Of China", "KOR": "Korea Republic Of; S. Korea (Republic of Korea)",
}
for _iso3, _names in TRANSPARENCY_ALIASES.items():
    NAME_ALIASES[_iso3] = f"{NAME_ALIASES[_iso3]}; {_names}" if _iso3 in NAME_ALIASES else _names

# Demonyms and adjectives seen in headlines. Deliberately absent because ambiguous:
# Korean, Congolese, Dominican, Micronesian (also a sub-region), Macedonian (also a Greek
# region), Virgin Islander.
DEMONYMS = {
    "AFG": "Afghan", "ALB": "Albanian", "DZA": "Algerian", "AND": "Andorran", "AGO": "Angolan",
    "ARG": "Argentine; Argentinian", "ARM": "Armenian", "AUS": "Australian", "AUT": "Austrian",
    "AZE": "Azerbaijani; Azeri", "BHS": "Bahamian", "BHR": "Bahraini", "BGD": "Bangladeshi",
    "BRB": "Barbadian", "BLR": "Belarusian; Belarussian", "BEL": "Belgian", "BLZ": "Belizean",
    "BEN": "Beninese", "BTN": "Bhutanese", "BOL": "Bolivian", "BIH": "Bosnian", "BRA": "Brazilian",
    "GBR": "British", "BRN": "Bruneian", "BGR": "Bulgarian", "BFA": "Burkinabe; Burkinabè",
    "BDI": "Burundian", "KHM": "Cambodian", "CMR": "Cameroonian", "CAN": "Canadian",
    "CPV": "Cape Verdean", "TCD": "Chadian", "CHL": "Chilean", "CHN": "Chinese", "COL": "Colombian",
    "COM": "Comorian", "CRI": "Costa Rican", "CIV": "Ivorian", "HRV": "Croatian", "CUB": "Cuban",
    "CYP": "Cypriot", "CZE": "Czech", "DNK": "Danish", "DJI": "Djiboutian", "NLD": "Dutch",
    "ECU": "Ecuadorian", "EGY": "Egyptian", "SLV": "Salvadoran; Salvadorean",
    "GNQ": "Equatorial Guinean", "ERI": "Eritrean", "EST": "Estonian", "SWZ": "Swazi",
    "ETH": "Ethiopian", "FJI": "Fijian", "FIN": "Finnish", "FRA": "French", "GAB": "Gabonese",
    "GMB": "Gambian", "GEO": "Georgian", "DEU": "German", "GHA": "Ghanaian", "GRC": "Greek",
    "GRD": "Grenadian", "GTM": "Guatemalan", "GIN": "Guinean", "GNB": "Bissau-Guinean",
    "GUY": "Guyanese", "HTI": "Haitian", "HND": "Honduran", "HUN": "Hungarian",
    "ISL": "Icelandic", "IND": "Indian", "IDN": "Indonesian", "IRN": "Iranian", "IRQ": "Iraqi",
    "IRL": "Irish", "ISR": "Israeli", "ITA": "Italian", "JAM": "Jamaican", "JPN": "Japanese",
    "JOR": "Jordanian", "KAZ": "Kazakh; Kazakhstani", "KEN": "Kenyan", "KWT": "Kuwaiti",
    "KGZ": "Kyrgyz", "LAO": "Lao; Laotian", "LVA": "Latvian", "LBN": "Lebanese",
    "LBR": "Liberian", "LBY": "Libyan", "LTU": "Lithuanian", "LUX": "Luxembourgish",
    "MDG": "Malagasy", "MWI": "Malawian", "MYS": "Malaysian", "MDV": "Maldivian",
    "MLI": "Malian", "MLT": "Maltese", "MRT": "Mauritanian", "MUS": "Mauritian",
    "MEX": "Mexican", "MDA": "Moldovan", "MNG": "Mongolian", "MNE": "Montenegrin",
    "MAR": "Moroccan", "MOZ": "Mozambican", "MMR": "Myanmar; Burmese", "NAM": "Namibian",
    "NPL": "Nepali; Nepalese", "NZL": "New Zealander", "NIC": "Nicaraguan", "NER": "Nigerien",
    "NGA": "Nigerian", "PRK": "North Korean", "MKD": "North Macedonian", "NOR": "Norwegian",
    "OMN": "Omani", "PAK": "Pakistani", "PLW": "Palauan", "PSE": "Palestinian",
    "PAN": "Panamanian", "PNG": "Papua New Guinean", "PRY": "Paraguayan", "PER": "Peruvian",
    "PHL": "Filipino; Philippine", "POL": "Polish", "PRT": "Portuguese", "PRI": "Puerto Rican",
    "QAT": "Qatari", "ROU": "Romanian", "RUS": "Russian", "RWA": "Rwandan", "WSM": "Samoan",
    "SAU": "Saudi", "SEN": "Senegalese", "SRB": "Serbian", "SYC": "Seychellois",
    "SLE": "Sierra Leonean", "SGP": "Singaporean", "SVK": "Slovak", "SVN": "Slovenian; Slovene",
    "SOM": "Somali", "ZAF": "South African", "KOR": "South Korean", "SSD": "South Sudanese",
    "ESP": "Spanish", "LKA": "Sri Lankan", "SDN": "Sudanese", "SUR": "Surinamese",
    "SWE": "Swedish", "CHE": "Swiss", "SYR": "Syrian", "TWN": "Taiwanese", "TJK": "Tajik",
    "TZA": "Tanzanian", "THA": "Thai", "TLS": "Timorese", "TGO": "Togolese", "TON": "Tongan",
    "TTO": "Trinidadian", "TUN": "Tunisian", "TUR": "Turkish", "TKM": "Turkmen",
    "UGA": "Ugandan", "UKR": "Ukrainian", "ARE": "Emirati", "USA": "American",
    "URY": "Uruguayan", "UZB": "Uzbek", "VEN": "Venezuelan", "VNM": "Vietnamese",
    "YEM": "Yemeni", "ZMB": "Zambian", "ZWE": "Zimbabwean", "XKX": "Kosovar; Kosovan",
    "HKG": "Hong Konger", "GRL": "Greenlandic", "VAT": "Vatican",
}

COLUMNS = ["iso3", "iso2", "m49", "name", "formal_name", "kind", "un_member", "region",
           "subregion", "un_group", "un_group_note"]


def split(codes: str) -> list[str]:
    return codes.replace(";", " ").split()


def build_rows() -> list[dict]:
    group_of = {iso3: g for g, codes in UN_GROUPS.items() for iso3 in split(codes)}
    members = set(group_of) | NO_GROUP_MEMBERS
    region_of = {iso3: rs for rs, codes in SUBREGIONS.items() for iso3 in split(codes)}

    entities = {c.alpha_3: (c.alpha_2, c.numeric, c.name) for c in pycountry.countries}
    for iso3, (iso2, name) in EXTRA_ENTITIES.items():
        entities[iso3] = (iso2, "", name)

    rows = []
    for iso3, (iso2, numeric, iso_name) in entities.items():
        formal = FORMAL_NAMES.get(iso3, iso_name)
        kind = ("member_state" if iso3 in members else "observer_state" if iso3 in OBSERVER_STATES
                else "regional_organization" if iso3 == "EUU" else "territory")
        if iso3 not in region_of and iso3 not in NO_REGION:
            raise SystemExit(f"no M49 sub-region for {iso3}")
        region, subregion = region_of.get(iso3, ("", ""))
        rows.append({
            "iso3": iso3, "iso2": iso2, "m49": numeric.zfill(3) if numeric else "",
            "name": SHORT_NAMES.get(iso3, formal), "formal_name": formal, "kind": kind,
            "un_member": int(iso3 in members), "region": region, "subregion": subregion,
            "un_group": group_of.get(iso3, ""), "un_group_note": UN_GROUP_NOTES.get(iso3, ""),
        })
    unknown = (members | set(region_of) | set(FORMAL_NAMES) | set(SHORT_NAMES)) - set(entities)
    if unknown:
        raise SystemExit(f"codes in the tables that are not entities: {sorted(unknown)}")
    return sorted(rows, key=lambda r: r["iso3"])


def build_aliases(rows: list[dict]) -> list[dict]:
    """(alias, iso3, kind) rows, one per normalized form and kind; conflicts stop the build."""
    candidates = []  # in priority order: the first spelling of a normalized form is kept
    for r in rows:
        candidates += [(r["name"], r["iso3"]), (r["formal_name"], r["iso3"])]
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                candidates.append((getattr(c, attr), c.alpha_3))
    for iso3, names in NAME_ALIASES.items():
        candidates += [(n.strip(), iso3) for n in names.split(";")]
    demonyms = [(d.strip(), iso3) for iso3, ds in DEMONYMS.items() for d in ds.split(";")]

    owner: dict[str, str] = {}
    out, seen = [], set()
    for kind, pairs in (("name", candidates), ("demonym", demonyms)):
        for alias, iso3 in pairs:
            key = normalize(alias)
            if owner.setdefault(key, iso3) != iso3:
                raise SystemExit(f"alias {alias!r} means both {owner[key]} and {iso3}")
            if (key, kind) not in seen:
                seen.add((key, kind))
                out.append({"alias": alias, "iso3": iso3, "kind": kind})
    return out


def write(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rows = build_rows()
    aliases = build_aliases(rows)
    DATA.mkdir(exist_ok=True)
    write(DATA / "countries.csv", rows, COLUMNS)
    write(DATA / "country_aliases.csv", aliases, ["alias", "iso3", "kind"])
    kinds = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"{len(rows)} entities {kinds}; {len(aliases)} aliases")


if __name__ == "__main__":
    main()
