"""newslens.corpus.decoding: bytes in any common encoding decoded, and said so."""
from __future__ import annotations

import codecs

from newslens.corpus import decode_bytes, load_corpus


def test_decoded_texts_are_right():
    assert decode_bytes("Caf\xe9".encode("cp1252"))[0] == "Caf\xe9"
    assert decode_bytes("Idlib \u0130".encode("utf-16"))[0] == "Idlib \u0130"
    assert decode_bytes(codecs.BOM_UTF8 + b"abc")[0] == "abc"
    assert decode_bytes(b"Idlib province\x00 is home")[0] == "Idlib province is home"
    # 0x81 is undefined in cp1252: fall back to Latin-1 rather than fail
    text, warns = decode_bytes(b"x\x81y\xff")
    assert text == "x\x81y\xff" and "Latin-1" in warns[0]


def test_crlf_and_lone_cr_become_newlines(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Title\r\n\r\nPara one.\rPara two.")
    assert load_corpus(tmp_path)["text"].iloc[0] == "Title\n\nPara one.\nPara two."
