"""Country table and name resolver: reference data, spellings, and the real source files."""
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from treaty_monitor import countries as C

# the shared samples sit beside the repository (../shared/sources), on developers' machines and in CI
SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason="shared source samples not available")


def test_counts_per_kind():
    kinds = Counter(c.kind for c in C.countries().values())
    assert kinds["member_state"] == 193
    assert kinds["observer_state"] == 2
    assert kinds["regional_organization"] == 1
    assert all(c.un_member == (c.kind == "member_state") for c in C.countries().values())
    assert {c.iso3 for c in C.countries().values() if c.kind == "observer_state"} == {"VAT", "PSE"}
    eu = C.get("EUU")
    assert (eu.iso2, eu.m49, eu.kind, eu.un_member, eu.region) == ("EU", "", "regional_organization", False, "")


def test_every_iso_entity_present():
    # 249 ISO 3166-1 entities + Kosovo + EU; a sample of the territories sources use.
    assert len(C.countries()) == 251
    for iso3 in ("TWN HKG MAC XKX PRI GRL FRO GUM VIR BMU CYM GIB JEY GGY IMN NCL PYF REU GLP MTQ "
                 "GUF MYT ABW CUW SXM ESH AIA MSR VGB TCA FLK COK NIU ASM MNP ALA").split():
        assert C.get(iso3).kind == "territory", iso3
    assert C.get("XKX").iso2 == "XK"


def test_group_counts():
    groups = Counter(c.un_group for c in C.countries().values() if c.kind == "member_state")
    assert groups == {
        "African": 54, "Asia-Pacific": 53, "Eastern European": 23,
        "Latin American and Caribbean": 33, "Western European and others": 29, "": 1,
    }
    assert not any(c.un_group for c in C.countries().values() if c.kind != "member_state")
    # Every member of the African Group sits in M49 Africa and vice versa.
    african = {c.iso3 for c in C.countries().values() if c.un_group == "African"}
    assert african == {c.iso3 for c in C.countries().values() if c.un_member and c.region == "Africa"}
    assert C.get("CYP").un_group == "Asia-Pacific"


def test_special_group_cases():
    tur, isr, usa, kir = (C.get(x) for x in ("TUR", "ISR", "USA", "KIR"))
    assert tur.un_group == isr.un_group == usa.un_group == "Western European and others"
    assert "both" in tur.un_group_note and "electoral" in tur.un_group_note
    assert "2004" in isr.un_group_note
    assert "observer" in usa.un_group_note
    assert kir.un_group == "" and kir.un_group_note == "Not a member of any regional group"
    assert C.get("PSE").un_group == C.get("VAT").un_group == ""
    assert C.get("PSE").un_group_note and C.get("VAT").un_group_note


def test_names():
    assert C.get("IRN").formal_name == "Iran (Islamic Republic of)" and C.get("IRN").name == "Iran"
    assert C.get("GBR").formal_name == "United Kingdom of Great Britain and Northern Ireland"
    assert C.get("NLD").formal_name == "Netherlands (Kingdom of the)"
    assert C.get("RUS").name == "Russian Federation"
    assert C.get("TUR").name == "Türkiye"
    assert C.display_name("CIV") == "Côte d'Ivoire"
    assert C.display_name("ZZZ") == "ZZZ"
    assert list(C.countries())[0] == "AFG"  # name order


SPELLINGS = {
    "TUR": ["Turkey", "Türkiye", "TURKEY", "Republic of Türkiye"],
    "CIV": ["Cote d'Ivoire", "Côte d’Ivoire", "Ivory Coast", "CÔTE D'IVOIRE"],
    "CZE": ["Czech Republic", "Czechia"],
    "VNM": ["Vietnam", "Viet Nam"],
    "PSE": ["Palestine", "State of Palestine", "Palestinian Territories", "Palestine, State of"],
    "GBR": ["UK", "Great Britain", "United Kingdom", "UNITED KINGDOM",
            "United Kingdom of Great Britain and Northern Ireland"],
    "USA": ["USA", "United States of America", "United States", "UNITED STATES"],
    "RUS": ["Russia", "Russian Federation", "RUSSIAN FEDERATION"],
    "KOR": ["South Korea", "Korea, Republic of", "Republic of Korea", "Korea, Rep."],
    "PRK": ["North Korea", "Korea, Dem. People's Rep.", "Democratic People's Republic of Korea", "DPRK"],
    "IRN": ["Iran", "Iran (Islamic Republic of)", "IRAN (ISLAMIC REPUBLIC OF)", "Iran, Islamic Republic of"],
    "SYR": ["Syria", "Syrian Arab Republic"],
    "LAO": ["Laos", "Lao People's Democratic Republic", "Lao PDR"],
    "MDA": ["Moldova", "Republic of Moldova"],
    "BOL": ["Bolivia", "Bolivia (Plurinational State of)"],
    "VEN": ["Venezuela", "Venezuela (Bolivarian Republic of)"],
    "TZA": ["Tanzania", "United Republic of Tanzania", "Tanzania, United Republic of"],
    "FSM": ["Micronesia", "Micronesia (Federated States of)", "Federated States of Micronesia"],
    "NLD": ["Netherlands", "The Netherlands", "Netherlands (Kingdom of the)", "Kingdom Of the Netherlands"],
    "SWZ": ["Swaziland", "Eswatini"],
    "MKD": ["Macedonia", "North Macedonia", "The former Yugoslav Republic of Macedonia"],
    "MMR": ["Burma", "Myanmar"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor-Leste", "Timor–Leste"],
    "COD": ["Congo, Dem. Rep.", "DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of the Congo"],
    "COG": ["Congo-Brazzaville", "Republic of the Congo", "Congo"],
    "BRN": ["Brunei", "Brunei Darussalam"],
    "GMB": ["Gambia", "The Gambia"],
    "BHS": ["Bahamas", "The Bahamas"],
    "VAT": ["Holy See", "Vatican", "Vatican City"],
    "CHN": ["China", "China mainland"],
    "HKG": ["Hong Kong", "Hong Kong SAR", "Hong Kong, China", "China, Hong Kong Special Administrative Region"],
    "MAC": ["Macau", "Macao"],
    "TWN": ["Taiwan", "Taiwan, Province of China"],
    "XKX": ["Kosovo"],
    "STP": ["Sao Tome and Principe", "São Tomé and Príncipe"],
    "CUW": ["Curacao", "Curaçao"],
    "REU": ["Reunion", "Réunion"],
    "KNA": ["Saint Kitts and Nevis", "St. Kitts and Nevis", "St Kitts & Nevis"],
    "LCA": ["St. Lucia", "Saint Lucia"],
    "ALA": ["Åland Islands", "Aland Islands"],
    "EUU": ["European Union", "EU"],
    "DEU": ["DEU", "deu", "Germany"],  # ISO3 codes resolve too
}


@pytest.mark.parametrize("iso3,spelling", [(k, s) for k, v in SPELLINGS.items() for s in v])
def test_spellings(iso3, spelling):
    assert C.resolve(spelling) == iso3


@pytest.mark.parametrize("word,iso3", [
    ("Egyptian", "EGY"), ("Iranian", "IRN"), ("Turkish", "TUR"), ("Russian", "RUS"), ("Chinese", "CHN"),
    ("Pakistani", "PAK"), ("Saudi", "SAU"), ("Emirati", "ARE"), ("Burmese", "MMR"), ("Myanmar", "MMR"),
    ("Filipino", "PHL"), ("Philippine", "PHL"), ("Salvadoran", "SLV"), ("Georgian", "GEO"),
    ("Palestinian", "PSE"), ("Afghan", "AFG"), ("Nepali", "NPL"), ("Guinean", "GIN"),
    ("South Sudanese", "SSD"), ("Sudanese", "SDN"), ("American", "USA"),
])
def test_demonyms(word, iso3):
    assert C.demonyms()[C.normalize(word)] == iso3


def test_ambiguous_demonyms_left_out():
    for word in ("korean", "congolese", "dominican"):
        assert word not in C.demonyms()


def test_name_patterns_longest_first():
    pats = C.name_patterns()
    lengths = [len(p) for p, _ in pats]
    assert lengths == sorted(lengths, reverse=True)
    keys = [p for p, _ in pats]
    assert keys.index("south sudan") < keys.index("sudan")
    assert ("egyptian", "EGY") in pats and ("deu", "DEU") not in pats


@pytest.mark.parametrize("raw,expected", [
    ("United Kingdom of Great Britain and Northern Ireland6", "GBR"),
    ("Examplestan 2, 3", None),
    ("Germany 2, 3", "DEU"),
    ("France<sup>3</sup>", "FRA"),
    ("Chile*", "CHL"),
    ("Peru (a)", "PER"),
    ("Iran (Islamic Republic of)12", "IRN"),
    ("Türkiye¹", "TUR"),
    ("  the   Netherlands  ", "NLD"),
    ("", None),
])
def test_footnotes_and_noise(raw, expected):
    assert C.resolve(raw) == expected


def test_normalize():
    assert C.normalize("Türkiye") == "turkiye"
    assert C.normalize("Côte d’Ivoire") == "cote d'ivoire"
    assert C.normalize("Bolivia (Plurinational State of)") == "bolivia (plurinational state of)"
    assert C.normalize("The  Gambia") == "gambia"


@pytest.mark.parametrize("cell,found,missing", [
    ("Ethiopia; Sudan", ["ETH", "SDN"], []),
    ("India, Pakistan", ["IND", "PAK"], []),
    ("Korea, Republic of", ["KOR"], []),
    ("Congo, Dem. Rep.", ["COD"], []),
    ("Bosnia and Herzegovina", ["BIH"], []),
    ("Trinidad & Tobago", ["TTO"], []),
    ("India, Pakistan and Bangladesh", ["IND", "PAK", "BGD"], []),
    ("Iran / Iraq", ["IRN", "IRQ"], []),
    ("Ethiopia & Examplestan", ["ETH"], ["Examplestan"]),
    ("Examplestan", [], ["Examplestan"]),
    ("Sudan;; ", ["SDN"], []),
])
def test_resolve_many(cell, found, missing):
    assert C.resolve_many(cell) == (found, missing)


def test_aliases_unique_per_normalized_form():
    aliases = pd.read_csv(C.DATA_DIR / "country_aliases.csv", dtype=str, keep_default_na=False)
    assert set(aliases["kind"]) == {"name", "demonym"}
    assert set(aliases["iso3"]) <= set(C.countries())
    owners = aliases.assign(key=aliases["alias"].map(C.normalize)).groupby("key")["iso3"].nunique()
    assert owners.max() == 1, owners[owners > 1]


def test_codes_unique_and_well_formed():
    rows = list(C.countries().values())
    m49 = [c.m49 for c in rows if c.m49]
    assert len(m49) == len(set(m49)) and all(len(m) == 3 and m.isdigit() for m in m49)
    assert {c.iso3 for c in rows if not c.m49} == {"XKX", "EUU"}
    iso2 = [c.iso2 for c in rows]
    assert len(iso2) == len(set(iso2)) and all(len(x) == 2 for x in iso2)


def test_round_trips():
    for c in C.countries().values():
        assert C.by_iso2(c.iso2) == c.iso3
        assert C.by_iso2(c.iso2.lower()) == c.iso3
        if c.m49:
            assert C.by_m49(c.m49) == c.iso3 and C.by_m49(int(c.m49)) == c.iso3
        assert C.resolve(c.name) == c.iso3 and C.resolve(c.formal_name) == c.iso3
    assert (C.by_iso2("XK"), C.by_iso2("UK"), C.by_iso2("EL")) == ("XKX", "GBR", "GRC")
    assert C.by_m49("004") == C.by_m49("4") == C.by_m49(4) == "AFG"
    assert C.by_m49("abc") is None and C.by_iso2("QQ") is None


# --- the real source samples ---------------------------------------------------------------

@needs_sources
def test_unctad_codes_and_names():
    df = pd.read_csv(SOURCES / "unctad/data.csv", dtype=str)
    for code, name in zip(df["code"], df["country"]):
        assert C.by_m49(code) is not None, code
        assert C.resolve(name) == C.by_m49(code), (code, name)


@needs_sources
def test_untc_participants():
    df = pd.read_csv(SOURCES / "untc/signatories_XVIII-16_compiled.csv", dtype=str)
    assert [n for n in df["participant_untc_name"] if not C.resolve(n)] == []
    assert C.resolve("European Union") == "EUU"


@needs_sources
def test_ga_votes_names_match_iso3():
    df = pd.read_csv(SOURCES / "un_records/ga_votes_A-RES-74-247.csv", dtype=str)
    assert [(n, i) for n, i in zip(df["country"], df["iso3"]) if C.resolve(n) != i] == []


@needs_sources
def test_keepiton_countries():
    df = pd.read_csv(SOURCES / "keepiton/stop_2020_sheet.csv", dtype=str, header=1)
    for cell in df["country "].dropna():
        found, missing = C.resolve_many(cell)
        assert found and not missing, cell


@needs_sources
def test_meta_transparency_countries():
    df = pd.read_csv(SOURCES / "transparency/meta/PRPL-Facebook-Government-Report-2023_H1.csv", dtype=str)
    unresolved = [n for n in df["Country"] if not C.resolve(n)]
    # No current ISO code: the Netherlands Antilles were dissolved in 2010.
    assert unresolved == ["Netherlands Antilles"]
