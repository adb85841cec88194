import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from nagrik_documents import is_genuine, sign_verification, verification_url

SECRET = b"0123456789abcdef0123456789abcdef"


def test_a_signed_token_verifies_for_its_document():
    token = sign_verification("DL-RES-2025-000123", SECRET)

    assert is_genuine("DL-RES-2025-000123", token, SECRET)


def test_the_token_is_short_and_url_safe():
    token = sign_verification("DL-RES-2025-000123", SECRET)

    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)


def test_signing_is_deterministic():
    assert sign_verification("X-1", SECRET) == sign_verification("X-1", SECRET)


def test_a_token_does_not_verify_another_document():
    token = sign_verification("DL-RES-2025-000123", SECRET)

    assert not is_genuine("DL-RES-2025-000124", token, SECRET)


@pytest.mark.parametrize("position", [0, 10, 21])
def test_a_changed_token_does_not_verify(position):
    token = sign_verification("DL-RES-2025-000123", SECRET)
    changed = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]

    assert not is_genuine("DL-RES-2025-000123", changed, SECRET)


def test_a_token_signed_with_another_secret_does_not_verify():
    token = sign_verification("DL-RES-2025-000123", b"another-secret-of-32-bytes-length")

    assert not is_genuine("DL-RES-2025-000123", token, SECRET)


@pytest.mark.parametrize("token", ["", "short", "ऊँ" * 11, sign_verification("X", SECRET) + "=", None])
def test_malformed_tokens_are_not_genuine_and_do_not_raise(token):
    assert not is_genuine("X", token, SECRET)


def test_an_empty_document_id_is_not_genuine():
    assert not is_genuine("", sign_verification("X", SECRET), SECRET)


def test_a_short_or_textual_secret_is_refused():
    with pytest.raises(ValueError):
        sign_verification("X", b"too-short")
    with pytest.raises(TypeError):
        sign_verification("X", "0123456789abcdef0123456789abcdef")
    with pytest.raises(ValueError):
        is_genuine("X", "token", b"")


def test_the_url_carries_the_id_and_a_token_that_verifies():
    url = verification_url("https://verify.example.gov.in/", "DL-RES-2025-000123", SECRET)

    assert url == (
        "https://verify.example.gov.in/verify/DL-RES-2025-000123?sig=" + sign_verification("DL-RES-2025-000123", SECRET)
    )


def test_an_id_with_reserved_characters_stays_one_path_segment():
    url = verification_url("https://verify.example.gov.in", "DL/RES 2025?#1", SECRET)
    parts = urlsplit(url)
    segment = parts.path.removeprefix("/verify/")

    assert "/" not in segment
    assert is_genuine(unquote(segment), parse_qs(parts.query)["sig"][0], SECRET)


def test_the_base_url_must_be_http():
    with pytest.raises(ValueError):
        verification_url("verify.example.gov.in", "X", SECRET)
