"""Tests for newslens.quotes.actors: the actors file, aliases, titles and fuzzy names."""
from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from newslens.quotes import FUZZY_THRESHOLD, load_actors


@pytest.fixture(scope="module")
def actors():
    return load_actors()


def test_fuzzy_threshold_by_hand():
    # fuzz.ratio = 100 * (1 - d / (len(a) + len(b))) with d = insertions + deletions:
    # "halley" -> "haley" deletes one "l": 100 * (1 - 1/11) = 90.909...
    assert fuzz.ratio("halley", "haley") == pytest.approx(100 * (1 - 1 / 11))
    # "nevenzia" -> "nebenzia": delete "v", insert "b": 100 * (1 - 2/16) = 87.5
    assert fuzz.ratio("nevenzia", "nebenzia") == pytest.approx(87.5)
    # "pierre" vs "pierce": 100 * (1 - 2/12) = 83.33, below the threshold
    assert fuzz.ratio("pierre", "pierce") < FUZZY_THRESHOLD <= fuzz.ratio("nevenzia", "nebenzia")
    idx = load_actors()
    assert idx.fuzzy("Halley").name == "Nikki Haley"
    assert idx.fuzzy("Pierre") is None
    assert idx.fuzzy("Ging") is None  # too short to guess


def test_actor_aliases_and_case(actors):
    def names(s):
        return [(s[m.start:m.end], m.actor.name) for m in actors.find(s)]
    assert names("Russia's UN Ambassador Vassily Nebenzia") == [
        ("Russia's UN Ambassador", "Vassily Nebenzia"), ("Vassily Nebenzia", "Vassily Nebenzia")]
    assert names("al Qaida and HTS and Hayat Tahrir al Sham") == [
        ("al Qaida", "al-Qaeda"), ("HTS", "Hayat Tahrir al-Sham"),
        ("Hayat Tahrir al Sham", "Hayat Tahrir al-Sham")]
    assert names("Daesh and IS, Sergey Lavrov") == [
        ("Daesh", "Islamic State"), ("IS", "Islamic State"), ("Sergey Lavrov", "Sergei Lavrov")]
    # a name written in lower case is a common word; an acronym must be in capitals
    assert names("roast turkey is served") == []


def test_actors_file_needs_actor_and_group(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,aliases\nX,Y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="actor"):
        load_actors(path)
