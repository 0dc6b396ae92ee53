"""Quantified targets and target years, on sentences composed for the purpose.

Written before the code (issue 4): every sentence below was composed in the style of the
genre (English translations of central-government plans and opinions) and its expected
targets were written out by hand. The bundled text has no quantified target, so these
cases are the only check of the target parser; the last group holds sentences whose
numbers are NOT targets (years, ordinals, markers, ages, parts of an indicator's name).

Each expected target is (indicator, value, unit, unit_label, direction, qualifier,
baseline_year, target_year). Conventions (see docs/analysis.md):

- ``value`` is a plain decimal with the scale word applied ("500 million" -> "500000000");
- ``unit`` is a UCUM code ("%", "kW", "km", "t", "ha", "GW"); money is "[CNY]" (UCUM has no
  currency; the bracketed code is ours and maps to QUDT in westdev_kg.vocab); a percentage
  point is its own unit, never "%": no code, the label "percentage points"; a count has no unit; a unit with no
  UCUM code (mu) has no unit but keeps its label;
- ``unit_label`` is the unit as the text writes it, with its scale word;
- direction: "by N" after raise/increase/grow -> increase, after cut/reduce/fall ->
  decrease; "to N", "reach N", "keep … above N", "X of N" -> reach; a verb of creation
  before the quantity ("add/build/train N of X") -> increase, a verb of supply ("transmit,
  supply, produce N of X") -> reach;
- qualifier: about/around/approximately/nearly -> about; over/more than/above/exceed ->
  over; at least/no less than/no fewer than/not lower than -> at-least; within/below/no more
  than/at most/under -> at-most; else exactly.
"""

from __future__ import annotations

import pytest

from westdev_kg.model import Target
from westdev_kg.analysis.targets import baseline_year, find_targets, target_year


def T(indicator, value, unit, label, direction, qualifier="exactly", baseline=None, target=None, aggregation=None) -> Target:  # noqa: N802
    return Target(indicator, value, unit, label, direction, qualifier, baseline, target, aggregation=aggregation)


CASES: list[tuple[str, tuple[Target, ...]]] = [
    # 1 decrease by a percentage, baseline and target year
    (
        "Cut water use per unit of GDP by 16% from 2020 by 2025.",
        (T("water use per unit of GDP", "16", "%", "%", "decrease", baseline=2020, target=2025),),
    ),
    # 2 reach a level, about
    (
        "Raise the urbanization rate to about 65%.",
        (T("urbanization rate", "65", "%", "%", "reach", "about"),),
    ),
    # 3 "an X of over N million kilowatts": scale word, over
    (
        "Build clean energy bases with an installed capacity of over 500 million kilowatts.",
        (T("installed capacity", "500000000", "kW", "million kilowatts", "reach", "over"),),
    ),
    # 4 subject-led, no less than, thousands separator, target year
    (
        "The length of expressways in the western region will reach no less than 10,000 kilometres by 2030.",
        (T("length of expressways in the western region", "10000", "km", "kilometres", "reach", "at-least", target=2030),),
    ),
    # 5 "percent" written out
    (
        "Reduce carbon dioxide emissions per unit of GDP by 18 percent.",
        (T("carbon dioxide emissions per unit of GDP", "18", "%", "percent", "decrease"),),
    ),
    # 6 money, trillion, "increase ... to" is a level
    (
        "Increase the total output value of the tourism industry to 1.2 trillion yuan by 2025.",
        (T("total output value of the tourism industry", "1200000000000", "[CNY]", "trillion yuan", "reach", target=2025),),
    ),
    # 7 percentage points are not percent (issue 12 point 3): no code, the label kept
    (
        "Raise the forest coverage rate by 2 percentage points.",
        (T("forest coverage rate", "2", None, "percentage points", "increase"),),
    ),
    # 8 keep ... above
    (
        "Keep the proportion of days with good air quality above 80%.",
        (T("proportion of days with good air quality", "80", "%", "%", "reach", "over"),),
    ),
    # 9 passive, about, "compared with" baseline
    (
        "The comprehensive energy consumption per unit of GDP shall be reduced by about 13.5% compared with 2020.",
        (T("comprehensive energy consumption per unit of GDP", "13.5", "%", "%", "decrease", "about", baseline=2020),),
    ),
    # 10 "By the end of 2025," before the subject
    (
        "By the end of 2025, the forest coverage rate will reach 24.1%.",
        (T("forest coverage rate", "24.1", "%", "%", "reach", target=2025),),
    ),
    # 11 a plan period is not a year
    (
        "By the end of the 14th Five-Year Plan period, the urbanization rate of the permanent population will reach 60%.",
        (T("urbanization rate of the permanent population", "60", "%", "%", "reach"),),
    ),
    # 12 "add N of X": the indicator follows the quantity
    (
        "Add 30 million kilowatts of installed wind power capacity.",
        (T("installed wind power capacity", "30000000", "kW", "million kilowatts", "increase"),),
    ),
    # 13 "build N km of X", "before the end of"
    (
        "Build 10,000 kilometres of new railways before the end of 2030.",
        (T("new railways", "10000", "km", "kilometres", "increase", target=2030),),
    ),
    # 14 two targets in one sentence, the year shared
    (
        "By 2025, the urbanization rate will reach 60% and the forest coverage rate will exceed 20%.",
        (
            T("urbanization rate", "60", "%", "%", "reach", target=2025),
            T("forest coverage rate", "20", "%", "%", "reach", "over", target=2025),
        ),
    ),
    # 15 grow by more than
    (
        "The per capita disposable income of rural residents will grow by more than 7% annually.",
        (T("per capita disposable income of rural residents", "7", "%", "%", "increase", "over", aggregation="average-annual"),),  # annually
    ),
    # 16 within -> at most, billion tonnes
    (
        "Control the total energy consumption within 6 billion tonnes.",
        (T("total energy consumption", "6000000000", "t", "billion tonnes", "reach", "at-most"),),
    ),
    # 17 a unit with no UCUM code keeps its label
    (
        "Newly add 2 million mu of high-standard farmland.",
        (T("high-standard farmland", "2000000", None, "million mu", "increase"),),
    ),
    # 18 to below
    (
        "Cut the poverty incidence to below 3%.",
        (T("poverty incidence", "3", "%", "%", "reach", "at-most"),),
    ),
    # 19 a number inside the indicator ("per 10,000 yuan") is not a target; "from the 2020 level"
    (
        "Water consumption per 10,000 yuan of industrial added value will fall by 20% from the 2020 level.",
        (T("water consumption per 10,000 yuan of industrial added value", "20", "%", "%", "decrease", baseline=2020),),
    ),
    # 20 Chinese scale character (亿 = 100 million)
    (
        "Grain output will stay above 1.3亿 tonnes.",
        (T("grain output", "130000000", "t", "亿 tonnes", "reach", "over"),),
    ),
    # 21 currency written before the number
    (
        "Investment in the Sichuan-Tibet Railway will exceed RMB 300 billion.",
        (T("investment in the Sichuan-Tibet Railway", "300000000000", "[CNY]", "RMB billion", "reach", "over"),),
    ),
    # 22 two indicators sharing one verb ("and Y by N")
    (
        "Reduce energy consumption per unit of GDP by 13.5% and carbon dioxide emissions per unit of GDP by 18%.",
        (
            T("energy consumption per unit of GDP", "13.5", "%", "%", "decrease"),
            T("carbon dioxide emissions per unit of GDP", "18", "%", "%", "decrease"),
        ),
    ),
    # 23 a count (no unit) with a target year
    (
        "The number of national-level demonstration bases will reach 100 by 2025.",
        (T("number of national-level demonstration bases", "100", None, None, "reach", target=2025),),
    ),
    # 24 a count with at-least
    (
        "Train no fewer than 50,000 rural teachers.",
        (T("rural teachers", "50000", None, None, "increase", "at-least"),),
    ),
    # 25 a baseline value ("from 15% in 2020") is not a second target
    (
        "Raise the proportion of non-fossil energy to around 20% by 2025 from 15% in 2020.",
        (T("proportion of non-fossil energy", "20", "%", "%", "reach", "about", baseline=2020, target=2025),),
    ),
    # 26 singular "percentage point"
    (
        "Cut the cost of logistics by 1 percentage point.",
        (T("cost of logistics", "1", None, "percentage point", "decrease"),),
    ),
    # 27 hectares
    (
        "Expand the area of high-standard farmland to 10 million hectares.",
        (T("area of high-standard farmland", "10000000", "ha", "million hectares", "reach"),),
    ),
    # 28 a unit symbol
    (
        "Raise the installed capacity of photovoltaic power to 100 GW by 2030.",
        (T("installed capacity of photovoltaic power", "100", "GW", "GW", "reach", target=2030),),
    ),
    # 29 万亿 (10^12) and "nearly"
    (
        "The output value of the digital economy will reach nearly 1.5万亿 yuan.",
        (T("output value of the digital economy", "1500000000000", "[CNY]", "万亿 yuan", "reach", "about"),),
    ),
    # 31 a second count after "and" shares the verb of creation
    (
        "Build 3,000 kilometres of high-speed railways and 50 new airports.",
        (
            T("high-speed railways", "3000", "km", "kilometres", "increase"),
            T("new airports", "50", None, None, "increase"),
        ),
    ),
    # 30 "at least", kilowatt-hours; a verb of supply before the quantity sets a level
    (
        "Transmit at least 300 billion kilowatt-hours of clean electricity to the east every year.",
        (T("clean electricity", "300000000000", "kW.h", "billion kilowatt-hours", "reach", "at-least"),),
    ),
]

NOT_TARGETS = [
    "Fight three major battles.",
    "(8) Actively participate in and integrate into the Belt and Road construction.",
    "Fully implement the spirit of the 19th National Congress of the CPC and the Second and Third Plenary Sessions.",
    "Ensure that all rural poor people in the western region will be lifted out of poverty by 2020.",
    "In 2035, the western region has basically realized socialist modernization.",
    "Accelerate the completion of short-term care services for infants and young children under 3 years of age.",
    "Support the development of 5G networks and “Internet +” industries.",
    "By the end of the 14th Five-Year Plan period, basically complete the Sichuan-Tibet Railway.",
    "Since 2012, the economy of the western region has grown steadily.",
    "Implement the 2019-2021 action plan for the western region.",
    "Build a 2-hour traffic circle around the central cities.",
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[f"case{i + 1}" for i in range(len(CASES))])
def test_targets_of_composed_sentences(sentence: str, expected: tuple[Target, ...]) -> None:
    assert find_targets(sentence) == expected


@pytest.mark.parametrize("sentence", NOT_TARGETS)
def test_numbers_that_are_not_targets(sentence: str) -> None:
    assert find_targets(sentence) == ()


def test_goal_year_is_inherited_by_targets_without_their_own() -> None:
    (target,) = find_targets("Raise the urbanization rate to 60%.", default_year=2035)
    assert target.target_year == 2035
    (target,) = find_targets("Raise the urbanization rate to 60% by 2025.", default_year=2035)
    assert target.target_year == 2025


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("ensure that the business environment will be significantly improved by 2020", 2020),
        ("In 2035, the western region has basically realized socialist modernization", 2035),
        ("to In 2035, the western region has basically realized socialist modernization", 2035),
        ("the goals set for 2035 will be reached", 2035),
        ("complete the railway before the end of 2025", 2025),
        ("complete the railway by the end of 2025", 2025),
        ("from 2021 to 2025, build ten demonstration zones", 2025),
        ("by the end of the 14th Five-Year Plan period", None),
        ("since 2012 the economy has grown", None),
        ("cut emissions by 10% from 2020", None),
        ("compared with 2015, incomes doubled", None),
        ("implement the 19th National Congress spirit", None),
        ("Build a 2-hour traffic circle", None),
    ],
)
def test_target_year(text: str, year: int | None) -> None:
    assert target_year(text) == year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("cut emissions by 10% from 2020 by 2025", 2020),
        ("reduced by 13.5% compared with 2020", 2020),
        ("fall by 20% from the 2020 level", 2020),
        ("to 20% by 2025 from 15% in 2020", 2020),
        ("grow 5% over 2019", 2019),
        ("reach 60% by 2025", None),
    ],
)
def test_baseline_year(text: str, year: int | None) -> None:
    assert baseline_year(text) == year


def test_target_year_ignores_years_before_the_document() -> None:
    assert target_year("by 2015 the plan was completed", not_before=2020) is None
    assert target_year("by 2025 complete the plan", not_before=2020) == 2025
