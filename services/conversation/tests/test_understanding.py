"""Citizens greet and name languages in many ways; the bot must understand them."""

import pytest

from nagrik_conversation.understanding import load_vocabulary, normalise


@pytest.mark.parametrize(
    "text",
    ["Hi", "hi", "HI", "hii", "Hiiii!!", "hello", "Hello ji", "helo", "hlo", "hey", "नमस्ते", "नमस्ते जी 🙏",
     "namaste", "Namaskar", "menu", "MENU", "Menu dikhao", "मेनू", "meun", "start"],
)
def test_greetings_and_menu_requests_start_the_dialogue(text):
    assert load_vocabulary().is_greeting(text)


@pytest.mark.parametrize(
    "text",
    ["I want to pay property tax for my house in Rohini", "1", "what is the fee", "", "🙏", "hindi", "birth"],
)
def test_other_messages_are_not_greetings(text):
    assert not load_vocabulary().is_greeting(text)


@pytest.mark.parametrize(
    "text, language",
    [("Hindi", "hi"), ("हिंदी", "hi"), ("हिन्दी", "hi"), ("hindee", "hi"), ("English", "en"),
     ("angrezi", "en"), ("अंग्रेज़ी", "en"), ("englsh", "en")],
)
def test_language_names_in_any_script(text, language):
    assert load_vocabulary().language(text) == language


def test_normalise_keeps_devanagari_and_drops_punctuation():
    assert normalise("  नमस्ते!!  Hiii, ji। ") == "नमस्ते hi ji"
