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


@pytest.mark.parametrize(
    "text",
    ["status", "Status", "  STATUS  ", "status?", "staus", "स्थिति", "sthiti", "Sthithi", "mera aavedan",
     "Mera  Avedan", "मेरा आवेदन", "track", "Track application", "application status", "स्टेटस", "aavedan ki sthiti"],
)
def test_asking_about_ones_applications_in_any_script(text):
    assert load_vocabulary().asks_status(text)


@pytest.mark.parametrize("text", ["hi", "Asha Devi", "1", "status of my house tax payment in Rohini", "start", ""])
def test_other_messages_do_not_ask_for_status(text):
    assert not load_vocabulary().asks_status(text)


@pytest.mark.parametrize("text", ["skip", "Skip!", "छोड़ें", "छोड़े", "chhodo", "Chhodo", "skip karo", "baad mein"])
def test_skip_in_any_script(text):
    assert load_vocabulary().is_skip(text)


@pytest.mark.parametrize("text", ["status", "Asha", "photo bhej diya"])
def test_other_words_are_not_skip(text):
    assert not load_vocabulary().is_skip(text)
