"""Age-appropriate nudge wording (French and English), help resources per country, and the wording a
supervised child sees about their supervision and screen time (``wording("supervision", key, lang)``).

All come from a YAML data file a platform can edit (``help_resources.yaml`` beside this module, or the
file named by ``KIDSAFE_HELP_RESOURCES_FILE``); it is re-read when its modification time changes.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import yaml

from kidsafe.taxonomy import AgeBand

PACKAGED_FILE = Path(__file__).with_name("help_resources.yaml")
LANGS = ("en", "fr")
FALLBACK_LANG = "en"
FALLBACK_TOPIC = "general"
DEFAULT_COUNTRY = "default"

_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


def audience(age_band: AgeBand | str) -> str:
    """The wording register for an age band: child (under 13 and unknown), teen (13-17) or adult."""
    band = AgeBand(age_band)
    if band in (AgeBand.AGE_13_15, AgeBand.AGE_16_17):
        return "teen"
    if band is AgeBand.ADULT:
        return "adult"
    return "child"


def nudge_for(category: str, age_band: AgeBand | str, lang: str | None = "en", country: str | None = None,
              path: str | Path | None = None) -> dict[str, Any]:
    """The nudge to show for ``category`` (or a topic such as ``stranger_contact``) to someone in ``age_band``.

    Returns ``{"topic", "lang", "audience", "text", "help": [resources]}``; unknown topics fall back to
    ``general``, unknown languages to English, a missing audience to teen then child wording.
    """
    data = _data(path)
    nudges: dict[str, Any] = data.get("nudges", {})
    topic = category if category in nudges else FALLBACK_TOPIC
    lg = _lang(lang)
    by_lang = nudges.get(topic, {})
    words = by_lang.get(lg) or by_lang.get(FALLBACK_LANG) or {}
    aud = audience(age_band)
    text = words.get(aud) or words.get("teen") or words.get("child") or ""
    if not text:
        general = nudges.get(FALLBACK_TOPIC, {}).get(lg, {})
        text = general.get(aud) or general.get("teen") or ""
    return {"topic": topic, "lang": lg, "audience": aud, "text": text,
            "help": help_resources(country, lg, topic=topic, path=path)}


def help_resources(country: str | None, lang: str | None = "en", topic: str | None = None,
                   path: str | Path | None = None) -> list[dict[str, Any]]:
    """Help resources for ``country`` (ISO alpha-2), then the worldwide ones; filtered by ``topic`` if given.

    Each item: ``{"name", "phone"?, "url", "description"}`` with the description in ``lang`` (or English).
    """
    data = _data(path)
    resources: dict[str, list[dict[str, Any]]] = data.get("resources", {})
    lg = _lang(lang)
    code = (country or "").upper()
    chosen = list(resources.get(code, [])) if code and code != DEFAULT_COUNTRY.upper() else []
    seen = {r.get("name") for r in chosen}
    chosen += [r for r in resources.get(DEFAULT_COUNTRY, []) if r.get("name") not in seen]
    out = []
    for r in chosen:
        topics = r.get("topics")
        if topic is not None and topics and topic not in topics and topic != FALLBACK_TOPIC:
            continue
        desc = r.get("description") or {}
        item = {"name": r.get("name", ""), "url": r.get("url", ""),
                "description": desc.get(lg) or desc.get(FALLBACK_LANG) or ""}
        if r.get("phone"):
            item["phone"] = str(r["phone"])
        out.append(item)
    return out


def wording(section: str, key: str, lang: str | None = "en", path: str | Path | None = None) -> Any:
    """``<section>.<lang>.<key>`` of the data file (e.g. ``supervision``/``summary_on``), falling back to
    English; ``None`` when neither has it (the caller keeps its built-in wording)."""
    try:
        data = _data(path)
    except ValueError:
        return None
    by_lang = data.get(section)
    if not isinstance(by_lang, dict):
        return None
    for lg in dict.fromkeys((_lang(lang), FALLBACK_LANG)):
        words = by_lang.get(lg)
        if isinstance(words, dict) and words.get(key) is not None:
            return words[key]
    return None


def _lang(lang: str | None) -> str:
    lg = (lang or FALLBACK_LANG).lower()[:2]
    return lg if lg in LANGS else FALLBACK_LANG


def _resolve(path: str | Path | None) -> Path:
    if path:
        return Path(path)
    from kidsafe.config import get_settings

    configured = get_settings().help_resources_file
    return Path(configured) if configured else PACKAGED_FILE


def _data(path: str | Path | None = None) -> dict[str, Any]:
    p = _resolve(path)
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise ValueError(f"help resources file not found: {p}") from None
    key = str(p)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == mtime:
            return hit[1]
    data = load_help_file(p)
    with _lock:
        _cache[key] = (mtime, data)
    return data


def load_help_file(path: str | Path) -> dict[str, Any]:
    """Read and check a help-resources file; raises ``ValueError`` naming the problem."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ValueError(f"{p}: invalid YAML: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("nudges"), dict) \
            or not isinstance(data.get("resources"), dict):
        raise ValueError(f"{p}: expected a mapping with 'nudges' and 'resources'")
    if FALLBACK_TOPIC not in data["nudges"]:
        raise ValueError(f"{p}: nudges.{FALLBACK_TOPIC} is required (the fallback wording)")
    for code, items in data["resources"].items():
        if not isinstance(items, list) or not all(isinstance(i, dict) and i.get("name") for i in items):
            raise ValueError(f"{p}: resources.{code} must be a list of items with a name")
    return data
