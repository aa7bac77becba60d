"""Nudge wording by age and language, help resources by country, from an editable data file."""

from __future__ import annotations

from kidsafe.policy.nudges import help_resources, nudge_for, wording


def names(items: list[dict[str, str]]) -> list[str]:
    return [i["name"] for i in items]


def test_wording_depends_on_age_and_language() -> None:
    child = nudge_for("personal_info", "under_13", "en", "GB")
    teen = nudge_for("personal_info", "13_15", "en", "GB")
    fr = nudge_for("personal_info", "13_15", "fr", "FR")
    assert child["audience"] == "child" and teen["audience"] == "teen"
    assert child["text"] and teen["text"] and child["text"] != teen["text"]
    assert fr["lang"] == "fr" and fr["text"] != teen["text"]
    assert nudge_for("personal_info", "unknown", "en")["audience"] == "child"
    # unknown languages fall back to English, unknown topics to general wording
    assert nudge_for("personal_info", "13_15", "de")["lang"] == "en"
    assert nudge_for("no_such_topic", "adult", "fr")["topic"] == "general"
    # a topic without adult wording falls back to the teen wording
    assert nudge_for("violence", "adult", "en")["text"] == nudge_for("violence", "16_17", "en")["text"]


def test_help_resources_per_country() -> None:
    assert "3018" in names(help_resources("FR", "fr"))
    assert "Childline" in names(help_resources("gb", "en"))
    assert "Take It Down (NCMEC)" in names(help_resources("US", "en"))
    # other countries get the worldwide list
    assert "Child Helpline International" in names(help_resources("JP", "en"))
    assert help_resources(None, "en") == help_resources("ZZ", "en")
    fr = help_resources("FR", "fr")[0]
    assert fr["phone"] == "3018" and "harcèlement" in fr["description"]
    # topic filter: suicide line for self-harm, not for personal info
    assert "3114" in names(nudge_for("self_harm", "13_15", "fr", "FR")["help"])
    assert "3114" not in names(nudge_for("personal_info", "13_15", "fr", "FR")["help"])


def test_a_platform_can_edit_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "help.yaml"
    f.write_text("nudges:\n  general:\n    en: {teen: 'Careful!'}\n"
                 "resources:\n  NL:\n    - {name: Kindertelefoon, phone: '0800-0432', url: 'https://example.test',"
                 " description: {en: 'Dutch helpline'}}\n", encoding="utf-8")
    assert nudge_for("sexual", "13_15", "en", "NL", path=f)["text"] == "Careful!"
    assert names(help_resources("NL", "en", path=f)) == ["Kindertelefoon"]


def test_supervision_wording_in_french_and_english_and_editable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert wording("supervision", "summary_on", "fr") == "Un parent ou tuteur supervise ce compte."
    assert wording("supervision", "summary_on", "en") == "A guardian supervises this account."
    assert wording("supervision", "summary_on", "de") == wording("supervision", "summary_on", "en")
    teen_fr = wording("supervision", "can_see_teen", "fr")
    assert any("jamais tes messages" in line for line in teen_fr)
    assert "{until}" in wording("supervision", "bedtime", "fr")
    assert wording("supervision", "no_such_key", "fr") is None and wording("nothing", "x") is None
    f = tmp_path / "help.yaml"
    f.write_text("nudges:\n  general:\n    en: {teen: 'Careful!'}\nresources: {}\n"
                 "supervision:\n  en: {summary_on: 'Your parents help you here.'}\n", encoding="utf-8")
    assert wording("supervision", "summary_on", "fr", path=f) == "Your parents help you here."  # English fallback
    assert wording("supervision", "bedtime", "en", path=f) is None  # the caller keeps its built-in words
