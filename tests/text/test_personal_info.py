"""Personal information: phones, e-mails, handles, schools, ages, requests; no false hits on ordinary numbers."""

from __future__ import annotations

import pytest

from kidsafe.text.personal_info import find


@pytest.mark.parametrize(("text", "kind", "span"), [
    ("my number is 06 12 34 56 78", "phone", "06 12 34 56 78"),
    ("text me at +44 7700 900123", "phone", "+44 7700 900123"),
    ("mail me at kid.test@example.com", "email", "kid.test@example.com"),
    ("I'm 12 and I go to Lincoln Middle School", "age", "I'm 12"),
    ("I'm 12 and I go to Lincoln Middle School", "school", "Lincoln Middle School"),
    ("j'ai 13 ans et je suis au collège Jean Moulin", "age", "j'ai 13 ans"),
    ("my number is 555-0142", "phone", "555-0142"),  # short, but said to be a number
    ("call me at 555 0142", "phone", "555 0142"),
    ("mon num c'est le 4 12 55 90", "phone", "4 12 55 90"),
    ("im 12 from paris", "age", "im 12"),
    ("i'm 25 but i like it", "age", "i'm 25"),
])
def test_shared_information_has_evidence(text: str, kind: str, span: str) -> None:
    hits = [e for e in find(text).evidence if e.kind == kind]
    assert hits, (text, kind)
    assert any(span in text[e.start:e.end] for e in hits)


@pytest.mark.parametrize("text", ["the score was 3-2 at 14:30", "it costs 15 euros", "born in 2011",
                                  "see you at 5pm", "page 42 of the book", "I have 3 cats",
                                  "my number is 12 in the team", "my phone is broken since 3 days",
                                  "i'm 30 minutes late sorry", "i'm 20 mins away", "im 10 mins from the park"])
def test_ordinary_numbers_are_not_personal_info(text: str) -> None:
    assert not find(text).evidence, text


@pytest.mark.parametrize(("text", "span"), [
    ("my email is lily.rose2011 at gmail dot com", "lily.rose2011 at gmail dot com"),
    ("écris à lea.b (at) orange (point) fr", "lea.b (at) orange (point) fr"),
    ("kid_test [at] yahoo [dot] co uk", "kid_test [at] yahoo [dot] co uk"),
])
def test_an_email_spelt_out_is_an_email(text: str, span: str) -> None:
    hits = [text[e.start:e.end] for e in find(text).evidence if e.kind == "email"]
    assert hits == [span]


@pytest.mark.parametrize("text", ["my email is down, can you resend it", "meet me at school at 5",
                                  "look at the dot on the map", "the score is 3 at half time"])
def test_at_and_dot_in_a_sentence_are_not_an_email(text: str) -> None:
    assert not [e for e in find(text).evidence if e.kind == "email"], text


@pytest.mark.parametrize(("text", "school"), [("i go to lincoln middle, room 204", "lincoln middle"),
                                              ("i go to westfield high", "westfield high")])
def test_a_school_named_by_its_level_alone_is_a_school(text: str, school: str) -> None:
    assert [e for e in find(text).evidence if e.kind == "school" and school in text[e.start:e.end]]


@pytest.mark.parametrize(("text", "flagged"), [("i take the 42 bus every morning at 7:30 outside school", True),
                                               ("je prends la ligne 4 vers 8h", True),
                                               ("i take the bus at 8 with my mum", False),
                                               ("i got 12 points at 3pm", False)])
def test_a_bus_number_and_a_time_are_a_routine_shared(text: str, flagged: bool) -> None:
    assert any(e.kind == "location" for e in find(text).evidence) is flagged


def test_a_home_named_by_a_landmark_and_a_spaced_handle_are_shared() -> None:
    assert [e.kind for e in find("we live in the blue house across from lincoln park").evidence] == ["location"]
    assert not find("we live near the park, it's nice").evidence
    assert [e.kind for e in find("snap me @ lily.b2012").evidence] == ["handle"]


def test_a_link_is_not_a_handle() -> None:
    assert not find("look http://t.co/x0JDphNW53").evidence
    assert [e.kind for e in find("follow me on x @kev_99").evidence] == ["handle"]


@pytest.mark.parametrize("text", ["i go to the middle of the field", "i go to the high street on saturdays",
                                  "i go to the middle school on main street for band practice"])
def test_going_to_the_middle_of_something_is_no_school(text: str) -> None:
    assert not [e for e in find(text).evidence if e.kind == "school"], text


@pytest.mark.parametrize("text", ["my insta is private lol", "ajoute moi sur snap c'est plus discret",
                                  "my snap is down again", "mon insta c'est nul en ce moment"])
def test_what_is_said_of_an_account_is_not_its_handle(text: str) -> None:
    assert not [e for e in find(text).evidence if e.kind == "handle"], text


def test_a_handle_after_is_is_still_found() -> None:
    assert [e for e in find("my insta is lea_b").evidence if e.kind == "handle"]


@pytest.mark.parametrize(("text", "handle"), [("add me: maya.bell2012 on ig", "maya.bell2012"),
                                              ("ajoute-moi lea_b11 sur snap", "lea_b11"),
                                              ("my username is cool_cat_22 on roblox lol", "cool_cat_22")])
def test_a_handle_given_before_its_platform_is_shared(text: str, handle: str) -> None:
    assert [text[e.start:e.end] for e in find(text).evidence if e.kind == "handle"] == [handle]


@pytest.mark.parametrize("text", ["add me fast on snap", "add me later on discord", "follow me too on insta"])
def test_a_plain_word_before_a_platform_is_no_handle(text: str) -> None:
    assert not [e for e in find(text).evidence if e.kind == "handle"], text


def test_a_place_on_a_numbered_street_is_where_the_sender_is() -> None:
    assert [e.kind for e in find("i'm at the mcdonalds on 5th street rn, come find me").evidence] == ["location"]
    assert not find("the parade is on 5th street").evidence


@pytest.mark.parametrize(("text", "handles"), [
    ("@sam i'll be there at 5", []),  # mentions that open a message address people, they share nothing
    ("@lea @max lol", []),
    ("@sam: ok", []),
    ("lol @sam look at this", []),  # a mention later in a message talks to or about someone...
    ("thanks @lea for the help", []),
    ("my insta: @lea", ["@lea"]),  # ... unless it is given as an account (found once, not twice)
    ("@kev_99 on snap", ["@kev_99"]),
    ("find me at @kev_99", ["@kev_99"]),
    ("ajoute moi @kev_99", ["@kev_99"]),
    ("add me @kev_99", ["@kev_99"]),  # a handle given anywhere else is shared
    ("@sam add me @kev_99", ["@kev_99"]),
    ("hey, it's @lea.b", ["@lea.b"]),
])
def test_opening_mentions_are_not_shared_handles(text: str, handles: list[str]) -> None:
    assert [text[e.start:e.end] for e in find(text).evidence if e.kind == "handle"] == handles


@pytest.mark.parametrize(("text", "ages"), [
    ("i've been playing piano for 10 years", []),  # "years" as a duration is no age at all
    ("je joue au foot depuis 5 ans", []),
    ("5 years ago i moved here", []),
    ("my 8 year old asked me what porn is", [8]),  # someone else's age: a child is named, nothing of mine shared
    ("my brother is 15 years old", [15]),
    ("she's 14 yo", [14]),
    ("mon frère a 15 ans", [15]),
    ("a 12 year old like you", [12]),
    ("j'aime les petites filles de 12 ans", [12]),
    ("trading pics of 12 yo", [12]),
    ("this game is 10 years old", []),  # things and animals have ages, no person's
    ("my dog is 3 years old", []),
    ("a 10 year old phone", []),
    ("une maison de 100 ans", []),
    ("this character is 12 years old", [12]),  # a drawn child's age still names a child
    ("any 13 yo wanna join our chess club", [13]),  # nineteenth audit: anyone of that age, not the sender
    ("every 12 year old wants a phone", [12]),
])
def test_durations_and_other_peoples_ages_are_not_the_senders_age(text: str, ages: list[int]) -> None:
    info = find(text)
    assert not [e for e in info.evidence if e.kind == "age"], text
    assert info.ages == ages


@pytest.mark.parametrize("text", ["my age is 13 years", "13 years old, from paris", "t'as quel âge ? 13 ans",
                                  "asl? 14 f", "he is 12 and i am 13 years old", "jai 13 ans et toi",
                                  "je suis âgée de 12 ans", "my phone is 3 years old and i'm 13"])
def test_the_senders_own_age_is_still_shared(text: str) -> None:
    assert [e for e in find(text).evidence if e.kind == "age"], text
