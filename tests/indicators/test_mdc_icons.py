"""Making Data Count's icons on the scorecard: the published colours and letters, with words for everyone."""

from indicators import rules
from indicators.templatetags import mdc_icons
from indicators.templatetags.scorecard_tags import assurance_icon_tag, mdc_legend, variation_icon_tag


def test_concerning_variation_is_orange_and_says_which_way_it_ran():
    lower_is_better = str(variation_icon_tag(rules.Variation.CONCERNING, "", "lower_is_better"))
    higher_is_better = str(variation_icon_tag(rules.Variation.CONCERNING, "", "higher_is_better"))

    assert mdc_icons.CONCERN in lower_is_better
    assert ">H</text>" in lower_is_better  # high is the concern when lower is better
    assert ">L</text>" in higher_is_better
    assert 'aria-hidden="true"' in lower_is_better  # the icon is not read: its words are
    assert '<span class="mdc-words">Special cause: concerning</span>' in lower_is_better


def test_each_variation_has_its_colour():
    colours = {
        rules.Variation.COMMON_CAUSE: mdc_icons.COMMON,
        rules.Variation.IMPROVING: mdc_icons.IMPROVEMENT,
        rules.Variation.HIGH: mdc_icons.NEITHER,
        rules.Variation.LOW: mdc_icons.NEITHER,
    }
    for variation, colour in colours.items():
        assert f'stroke="{colour}"' in str(variation_icon_tag(variation, "", "neither")), variation


def test_provisional_limits_keep_their_note_in_view():
    html = str(variation_icon_tag(rules.Variation.COMMON_CAUSE, "provisional (5 points)", "higher_is_better"))

    assert '<span class="mdc-words">Common cause variation,</span>' in html
    assert '<span class="mdc-note">provisional (5 points)</span>' in html
    assert 'title="Common cause variation, provisional (5 points)"' in html


def test_rare_event_and_no_assurance_stay_words():
    rare = str(variation_icon_tag(None, rules.RARE_EVENT_LABEL))
    assert "Rare event: not charted by XmR" in rare and "<svg" not in rare
    assert "No assurance" in str(assurance_icon_tag(None))


def test_assurance_letters_and_colours():
    assert ">P</text>" in str(assurance_icon_tag(rules.Assurance.PASSES))
    assert mdc_icons.IMPROVEMENT in str(assurance_icon_tag(rules.Assurance.PASSES))
    assert ">F</text>" in str(assurance_icon_tag(rules.Assurance.FAILS))
    assert mdc_icons.CONCERN in str(assurance_icon_tag(rules.Assurance.FAILS))
    assert ">?</text>" in str(assurance_icon_tag(rules.Assurance.HIT_AND_MISS))


def test_legend_explains_every_icon():
    legend = mdc_legend()
    words = [text for _, text in legend["variation"] + legend["assurance"]]

    assert len(words) == 7
    assert any(text.startswith("Common cause") for text in words)
    assert "Consistently fails the target" in words


def contrast_on_white(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * red + 0.7152 * green + 0.0722 * blue + 0.05)


def test_icon_letters_can_be_read_on_white():
    for colour in (mdc_icons.CONCERN, mdc_icons.IMPROVEMENT, mdc_icons.NEITHER, mdc_icons.COMMON):
        assert contrast_on_white(colour) >= 4.5, colour
