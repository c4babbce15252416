"""Guess what a piece of text (a headline, a summary) is about: countries, incident category, target group.

These are guesses for an analyst to confirm, never facts: they turn NGO feed items into leads. The keyword
rules live in ``CATEGORY_RULES`` and ``TARGET_GROUP_RULES`` below; ``scripts/inference_precision.py`` measures
them against a hand-labelled sample of headlines, so run it after changing a rule.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from treaty_monitor import countries

# Checked in this order and the first category that matches wins: the concrete event before its context
# (a report about an arrest under a cybercrime law is an arrest; the law is the background).
# Each rule is a regex matched case-insensitively on whole words; a trailing \w* marks a word stem
# ("surveil\w*" covers surveillance and surveilled).
CATEGORY_RULES: dict[str, list[str]] = {
    "shutdown": [
        r"internet shutdowns?", r"shut(s|ting)? down (the |mobile )?internet", r"shutdowns?", r"throttl\w*",
        r"blackouts?", r"#?keepiton", r"internet (access )?(cut|outages?|disruptions?|suspension|suspended|restored)",
        r"(mobile|internet) (data|services?) (cut|suspended|snapped|restored)", r"network disruptions?",
        r"cut (off )?(the )?internet",
        r"(cuts?|snap\w*|suspend\w*|restor\w*)( off)? (mobile |the |fixed )?internet",
        r"internet (\w+ ){0,2}(snapped|cut|suspended|disrupted)",
    ],
    "surveillance": [
        r"spyware", r"pegasus", r"surveil\w*", r"hacked phones?", r"phones? (were |was )?hacked", r"wiretap\w*",
        r"intercept(ed|ion)", r"facial recognition", r"stalkerware", r"nso group", r"spied on", r"spying",
        r"malware", r"malicious (apps?|software|links?)", r"hackers? target\w*", r"phishing",
    ],
    "data_request": [
        r"data requests?", r"mlats?", r"mutual legal assistance", r"e-?evidence", r"cross-border",
        r"extradit\w*", r"red notices?", r"hand(ed|s)? over (user )?data", r"user data", r"cloud act",
        r"data access agreements?",
    ],
    "prosecution": [
        r"charged", r"charges?", r"sentenc\w*", r"convict\w*", r"prosecut\w*", r"trials?", r"indict\w*",
        r"acquit\w*", r"tried", r"(jail|prison) terms?", r"(years|decades|months) in prison", r"fined",
    ],
    "arrest": [
        r"arrest\w*", r"detain\w*", r"detentions?", r"jail(s|ed|ers?)?", r"imprison\w*", r"in custody",
        r"held incommunicado", r"abduct\w*", r"locked up", r"behind bars",
    ],
    "blocking": [
        r"block(ed|s|ing)?", r"bans? on", r"banned", r"bans", r"takedowns?", r"take down", r"taken down",
        r"censor\w*", r"restrict(s|ed)? (access|social media)", r"removal orders?", r"ordered (to )?remov\w*", r"delist\w*",
        r"(facebook|x|twitter|tiktok|telegram|whatsapp|youtube|signal|social media|vpn|website|platform)s? bans?",
        r"suspen\w* (of )?(\w+ ){0,2}(broadcasters?|websites?|social networks?|social media|platforms?|channels?|outlets?)",
        r"shut(s|ting)? (down )?(\w+ )?websites?",
    ],
    "harassment": [
        r"harass\w*", r"attack\w*", r"threats?", r"threatened", r"intimidat\w*", r"smear\w*", r"doxx\w*", r"assault\w*",
        r"beaten", r"killed", r"murder\w*", r"raid(ed|s)?", r"online abuse", r"reprisals?",
        r"(transnational )?repression", r"red-?tagg\w*", r"bount(y|ies)",
    ],
    "legislation": [
        r"cybercrime (law|act|bill|decree)s?", r"bills?", r"new laws?", r"draft laws?", r"amendments?", r"decrees?",
        r"legislation", r"law on", r"penal code", r"(online|internet|media|fake news|foreign agents?) laws?",
        r"regulations?", r"repeal\w*", r"lawmakers?", r"parliament (adopts|passes|approves)",
        r"(safety|security|cybercrime|cybercrimes|misuse|media|information technology|telecommunications?|"
        r"data protection|foreign agents?) acts?",
    ],
}

TARGET_GROUP_RULES: dict[str, list[str]] = {
    "lgbtq": [r"lgbt\w*\+?", r"gay", r"lesbians?", r"queer", r"transgender", r"trans (wo)?m[ae]n"],
    "hrd": [r"human rights defenders?", r"rights defenders?", r"human rights lawyers?", r"rights lawyers?"],
    "journalist": [
        r"journalists?", r"reporters?", r"bloggers?", r"editors?", r"media workers?", r"photojournalists?",
        r"press", r"newspapers?", r"broadcasters?",
    ],
    "researcher": [r"researchers?", r"academics?", r"scholars?", r"professors?"],
    "opposition": [r"opposition", r"dissidents?", r"candidates?"],
    "activist": [r"activists?", r"campaigners?", r"protesters?", r"protestors?", r"demonstrators?"],
    "minority": [
        r"minorit(y|ies)", r"uyghurs?", r"rohingya", r"baha'?is?", r"indigenous", r"ethnic", r"religious",
        r"kurds?", r"tibetans?",
    ],
    "general_public": [r"users", r"citizens", r"residents", r"population", r"millions", r"(the|general) public"],
}


def _whole_words(patterns: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w#])(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)


_CATEGORY_REGEXES = {category: _whole_words(patterns) for category, patterns in CATEGORY_RULES.items()}
_TARGET_REGEXES = {group: _whole_words(patterns) for group, patterns in TARGET_GROUP_RULES.items()}


def infer_category(text: str | None) -> str | None:
    """The incident category the text most likely reports (a key of incident_vocab.CATEGORIES), or None."""
    if not text:
        return None
    for category, regex in _CATEGORY_REGEXES.items():
        if regex.search(text):
            return category
    return None


def infer_target_group(text: str | None) -> str | None:
    """The group targeted according to the text (a key of incident_vocab.TARGET_GROUPS), or None."""
    if not text:
        return None
    for group, regex in _TARGET_REGEXES.items():
        if regex.search(text):
            return group
    return None


# ---- countries ------------------------------------------------------------------------------------------
# Phrases that contain a country name or adjective but do not mean the country; matched like aliases and
# then ignored, so "New Jersey" never becomes Jersey and "Indian Ocean" never becomes India.
NOT_A_COUNTRY = (
    "new jersey", "new mexico", "new south wales", "new england", "guinea pig", "guinea pigs", "indian ocean",
    "latin america", "latin american", "south american", "north american", "central american", "west indies",
)
# Spellings common in headlines that the country table does not list as aliases (it resolves cells, where
# "US" would be ambiguous); short ones only count in capitals, see _looks_like_a_name.
HEADLINE_ALIASES = {"us": "USA"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1].lower()[:1]
    return base if base.isalnum() else " "


def _fold(text: str) -> str:
    """Lower case, unaccented, anything but letters and digits as a space; one character in, one out,
    so a position in the folded text is the same position in the original (countries.normalize is not)."""
    if text.isascii():
        return re.sub(r"[^a-z0-9]", " ", text.lower())
    return "".join(_fold_char(char) for char in text)


def _alias_regex_part(alias: str) -> str:
    words = _fold(alias).split()
    return " +".join(re.escape(word) for word in words)


@lru_cache(maxsize=1)
def _country_matcher() -> tuple[re.Pattern, dict[str, str | None]]:
    """One regex over every alias and demonym, longest first, so 'papua new guinea' wins over 'guinea'."""
    targets: dict[str, str | None] = {}
    for alias, iso3 in countries.name_patterns():
        targets.setdefault(" ".join(_fold(alias).split()), iso3)
    for demonym, iso3 in countries.demonyms().items():
        targets.setdefault(" ".join(_fold(demonym).split()), iso3)
    for alias, iso3 in HEADLINE_ALIASES.items():
        targets.setdefault(alias, iso3)
    for phrase in NOT_A_COUNTRY:
        targets[phrase] = None
    targets.pop("", None)
    ordered = sorted(targets, key=len, reverse=True)
    regex = re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(_alias_regex_part(alias) for alias in ordered) + r")(?![a-z0-9])"
    )
    return regex, targets


def _looks_like_a_name(original: str) -> bool:
    """Country names are proper nouns: 'Chad' and 'Turkey' count, 'chad' and 'turkey' do not; 'US' must be capitals."""
    letters = [char for char in original if char.isalpha()]
    if not letters:
        return False
    if len(letters) <= 3:
        return all(char.isupper() for char in letters)
    return letters[0].isupper()


def infer_countries(text: str | None) -> list[str]:
    """ISO3 codes of the countries named in the text (names, aliases, adjectives), in order of first mention."""
    if not text:
        return []
    regex, targets = _country_matcher()
    folded = _fold(text)
    found: list[str] = []
    for match in regex.finditer(folded):
        iso3 = targets.get(" ".join(match.group().split()))
        if iso3 and iso3 not in found and _looks_like_a_name(text[match.start():match.end()]):
            found.append(iso3)
    return found
