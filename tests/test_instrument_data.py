"""Data fidelity: the four instruments of the source publication against its text.

The quoted lines below are copied from
/work/shared/sources/alm-work-programme-2016-2020-and-subsidiary-work-plans.txt (the numbered
lines of each instrument, as extracted: "- 1. ..."). Every commitment of the data must be its
quoted line, except the few extraction artefacts corrected in the data and named here (each
also explained in the commitment's `note`). Dates, places and counts are my reading of the
text around the numbered lines, quoted in each test."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from asean_labour.instruments import Instrument, Relation, linked_projects, load_instruments
from asean_labour.model import Catalogue
from tests.conftest import SHIPPED_PLANS
from tests.helpers import shipped

OSH_LINES = """\
- 1. Raise OSH standards through developing and regularly reviewing occupational safety and health legislation for adequate coverage of the working population and relevance to the changing economic and social environment;
- 2. Build OSH inspection capabilities and capacities to ensure that inspectorates are adequately resourced and skilled to enforce their respective OSH legislation;
- 3. Strengthen risk management capabilities in ASEAN which provides the foundation to improve OSH standards;
- 4. Enhance the collection of OSH data through improving the ASEAN-OSHNET scorecard;
- 5. Promote sharing of experiences, best practices and knowledge in OSH through international and ASEAN-OSHNET conferences, workshops and training sessions;
- 6. Improve private sector OSH capability, by adherence to safety accreditation frameworks for companies and expanding the categories of the ASEAN-OSHNET awards;
- 7. Encourage the participation of employers' organisations and workers' organisations in optimizing OSH standards and performance;
- 8. Improve productivity efficiently by means of new technology at workplace which reduces workplace hazards;
- 9. Reduce the social costs of injury and illness by improving the OSH performance as well as to contribute to a sustainable economic growth;
10. Increase collaboration with key partners such as the International Labour Organization and Plus Three Countries, which have traditionally provided continuous support.
"""
VIENTIANE_LINES = """\
- 1. Promote the elimination of forced labour, child labour, violence at the workplace and all forms of discrimination, including gender inequality;
- 2. Promote joint work and sharing of best practices and methodologies among ASEAN Member States and possibly with Dialogue Partners in assessing the factors, characteristics and circumstances of informality in employment in the national contexts as inputs to the design and implementation of laws, policies and other measures aiming to facilitate the transition from informal employment to formal employment in all economic sectors, especially in rural areas;
- 3. Foster research and information sharing among ASEAN Member States on best practices in promoting the transition from informal employment to formal employment towards achieving decent work that promotes employment creation, rights at work, social protection, and social dialogue;
- 4. Develop capacity and share best practices in common areas of interest especially concerning strategies on employment promotion, skills development, and labour protection, such as public employment programmes, responsive labour advisory and inspection strategies, wage policies, and social protection;
- 5. Take appropriate measures at the national level to promote wide access to decent jobs, entrepreneurship opportunities, skills development, decent work conditions, and income security that would contribute to equitable and sustainable development and inclusive growth in ASEAN;
- 6. Strengthen human resources development policies and programmes to promote access to and quality of Technical Vocational Education and Training (TVET), skills development, and lifelong learning, especially for those in rural areas, which would generate greater employment and contribute to the transition from informal employment to formal employment:
- 7. Integrate labour matters into national policies and programmes that promote entrepreneurship, sustainable micro, small and medium enterprises (MSMEs) and other forms of business models, by expanding access to information of relevant regulations, financial services and support, and market opportunities;
- 8. Strengthen policies and programmes, and encourage cooperation and collaboration of enterprises, self-employed workers, and cooperative units, to provide support to workers in informal employment who are vulnerable to decent work deficits and to promote sustained, inclusive, and sustainable economic growth, full and productive employment, and decent work for all; and
- 9. Encourage the participation of employers' organisations and workers' organisations in facilitating the transition from informal employment to formal employment.
"""
HRD_LINES = """\
- 1. Enhance technical cooperation among ASEAN Member States to improve the capacities and skills of ASEAN's labour officials, particularly in CLMV countries, and the competitiveness of ASEAN's workforce;
- 2. Promote sharing of experiences, best practices and knowledge in human resource development issues through seminars, workshops and training sessions, including the regular convening of the ASEAN Human Resource Conference;
- 3. Encourage the development of national and regional human resource development plans or programmes;
- 4. Encourage the sharing of policy development experiences among ASEAN Members States on challenges, policies and measures concerning employment, labour market, and skills development;
- 5. Promote regional cooperation in the development of programmes for skills development of vulnerable groups such as women, youth and persons with disabilities; Promote tripartite and public-private sector cooperation;
- 6. Foster national and regional social dialogue among government, employers and workers in addressing human resource development, policies and programmes;
- 7. Encourage tripartite participation in education and training policies, systems and structures in addressing human resource development issues;
- 8. Encourage social partners to contribute to the development and implementation of national human resource development plans and to adopt innovative human resource development practices;
- 9. Foster strong public-private sector partnerships at regional and national levels to enhance human resources and skills development to stimulate job creation and improve labour productivity in light of global challenges; Enhance the quality and skills of workers in all ASEAN Member States
- 10. Promote vocational training and workforce learning for the purpose of improving the employability and upgrading skills of the workforce;
- 11. Develop national skills frameworks in ASEAN Member States through sharing of experiences and best practices as an important strategy to strengthen human resource development and management and to enable Member States to raise their respective levels of skills standards, as an incremental approach towards an ASEAN skills recognition framework;
- 12. Encourage the participation of the private sector in the conduct of skills competitions such as the ASEAN Skills Competition to support ASEAN workforce development and to achieve regional standards competency;
- 13. Foster entrepreneurship and innovation of the workforce particularly in Small and Medium Enterprises to promote economic and employment growth;
- 14. Encourage the use of appropriate pedagogy in human resource and skills development, and design high-quality training syllabus, curriculums and textbooks relevant to the labour market;
- 15. Encourage better access to skills training for vulnerable and marginalised groups in society and those in the informal economy;
- 16. Encourage research, sharing and exchange of experiences in human resource development and training policies between ASEAN and its Dialogue Partners; Promote lifelong learning
- 17. Promote the sharing of experiences in the development and implementation of national lifelong learning systems among ASEAN Member States;
- 18. Urge the creation of opportunities to improve the quantity and quality of jobs through lifelong learning;
- 19. Encourage enterprises to support the development of vocational training and continuing education institutions as part of a national system and infrastructure for lifelong learning;
- 20. Encourage workers to practice lifelong learning through appropriate policies and frameworks in order to improve their productivity.
"""
CEBU_LINES = """\
- 1. Both the receiving states and sending states shall strengthen the political, economic and social pillars of the ASEAN Community by promoting the full potential and dignity of migrant workers in a climate of freedom, equity, and stability in accordance with the laws, regulations, and policies of respective ASEAN Member Countries;
- 2. The receiving states and the sending states shall, for humanitarian reasons, closely cooperate to resolve the cases of migrant workers who, through no fault of their own, have subsequently become undocumented:
- 3. The receiving states and the sending states shall take into account the fundamental rights and dignity of migrant workers and family members already residing with them without undermining the application by the receiving states of their laws, regulations and policies; and
- 4. Nothing in the present Declaration shall be interpreted as implying the regularisation of the situation of migrant workers who are undocumented.
- 5. Intensify efforts to protect the fundamental human rights, promote the welfare and uphold human dignity of migrant workers;
- 6. Work towards the achievement of harmony and tolerance between receiving states and migrant workers;
- 7. Facilitate access to resources and remedies through information, training and education, access to justice, and social welfare services as appropriate and in accordance with the legislation of the receiving state, provided that they fulfill the requirements under applicable laws, regulations and policies of the said state, bilateral agreements and multilateral treaties;
- 8. Promote fair and appropriate employment protection, payment of wages, and adequate access to decent working and living conditions for migrant workers;
- 9. Provide migrant workers, who may be victims of discrimination, abuse, exploitation, violence, with adequate access to the legal and judicial system of the receiving states; and
- 10. Facilitate the exercise of consular functions to consular or diplomatic authorities of states of origin when a migrant worker is arrested or committed to prison or custody or detained in any other manner, under the laws and regulations of the receiving state and in accordance with the Vienna Convention on Consular Relations.
- 11. Enhance measures related to the promotion and protection of the rights of migrant workers;
- 12. Ensure access to employment and livelihood opportunities for their citizens as sustainable alternatives to migration of workers;
- 13. Set up policies and procedures to facilitate aspects of migration of workers, including recruitment, preparation for deployment overseas and protection of the migrant workers when abroad as well as repatriation and reintegration to the countries of origin; and
- 14. Establish and promote legal practices to regulate recruitment of migrant workers and adopt mechanisms to eliminate recruitment malpractices through legal and valid contracts, regulation and accreditation of recruitment agencies and employers, and blacklisting of negligent/unlawful agencies.
- 15. Promote decent, humane, productive, dignified and remunerative employment for migrant workers;
- 16. Establish and implement human resource development programmes and reintegration programmes for migrant workers in their countries of origin;
- 17. Take concrete measures to prevent or curb the smuggling and trafficking in persons by, among others, introducing stiffer penalties for those who are involved in these activities;
- 18. Facilitate datasharing on matters related to migrant workers, for the purpose of enhancing policies and programmes concerning migrant workers in both sending and receiving states;
- 19. Promote capacity building by sharing of information, best practices as well as opportunities and challenges encountered by ASEAN Member Countries in relation to protection and promotion of migrant workers' rights and welfare;
- 20. Extend assistance to migrant workers of ASEAN Member Countries who are caught in conflict or crisis situations outside ASEAN in the event of need and based on the capacities and resources of the Embassies and Consular Offices of the relevant ASEAN Member Countries, based on bilateral consultations and arrangements;
- 21. Encourage international organisations, ASEAN dialogue partners and other countries to respect the principles and extend support and assistance to the im plementation of the measures contained in this Declaration; and
- 22. Task the relevant ASEAN bodies to follow up on the Declaration and to develop an ASEAN instrument on the protection and promotion of the rights of migrant workers, consistent with ASEAN's vision of a caring and sharing Community, and direct the SecretaryGeneral of ASEAN to submit annually a report on the progress of the implementation of the Declaration to the Summit through the ASEAN Ministerial Meeting.
"""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return shipped()


@pytest.fixture(scope="module")
def instruments(catalogue: Catalogue) -> dict[str, Instrument]:
    return {i.id: i for i in load_instruments(SHIPPED_PLANS, catalogue)}


def numbered(lines: str) -> dict[int, str]:
    """The quoted lines as {number: text}."""
    found = {}
    for line in lines.splitlines():
        match = re.fullmatch(r"(?:- )?([0-9]+)\. (.*)", line)
        assert match, line
        found[int(match.group(1))] = match.group(2)
    return found


# The numbered text as printed, where the data departs from the extraction: three section
# headings of the HRD Statement run into the item before them; three words broken in the
# Cebu Declaration.
HRD_HEADINGS_RUN_IN = {
    5: " Promote tripartite and public-private sector cooperation;",
    9: " Enhance the quality and skills of workers in all ASEAN Member States",
    16: " Promote lifelong learning",
}
CEBU_BROKEN_WORDS = {
    18: ("datasharing", "data-sharing"),
    21: ("im plementation", "implementation"),
    22: ("SecretaryGeneral", "Secretary-General"),
}


def expected_texts(instrument_id: str) -> dict[int, str]:
    lines = {"OSH-2017": OSH_LINES, "VIENTIANE-2016": VIENTIANE_LINES, "HRD-2010": HRD_LINES,
             "CEBU-2007": CEBU_LINES}[instrument_id]
    texts = numbered(lines)
    if instrument_id == "HRD-2010":
        for number, heading in HRD_HEADINGS_RUN_IN.items():
            assert texts[number].endswith(heading)
            texts[number] = texts[number].removesuffix(heading)
    if instrument_id == "CEBU-2007":
        for number, (broken, whole) in CEBU_BROKEN_WORDS.items():
            assert broken in texts[number]
            texts[number] = texts[number].replace(broken, whole)
    return texts


# "Done in Singapore on the Third Day of September in the Year Two Thousand and Seventeen"
# "ADOPTED in Vientiane, Lao People's Democratic Republic, this 6th day of September in the
#  Year Two Thousand and Sixteen"
# "Ha Noi, 28 October 2010" / "Adopted in Ha Noi, Viet Nam, this Twenty Eighth of October in
#  the Year Two Thousand and Ten."
# "DONE at Cebu, Philippines, this Thirteenth Day of January in the Year Two Thousand and
#  Seven"
@pytest.mark.parametrize(("instrument_id", "kind", "date", "place", "commitments"), [
    ("OSH-2017", "statement", dt.date(2017, 9, 3), "Singapore", 10),
    ("VIENTIANE-2016", "declaration", dt.date(2016, 9, 6), "Vientiane, Lao PDR", 9),
    ("HRD-2010", "statement", dt.date(2010, 10, 28), "Ha Noi, Viet Nam", 20),
    ("CEBU-2007", "declaration", dt.date(2007, 1, 13), "Cebu, Philippines", 22),
])
def test_each_instrument_has_its_date_place_and_number_of_commitments(
        instruments: dict[str, Instrument], instrument_id: str, kind: str, date: dt.date,
        place: str, commitments: int) -> None:
    instrument = instruments[instrument_id]
    assert str(instrument.kind) == kind
    assert instrument.date == date
    assert instrument.place == place
    assert len(instrument.commitments) == commitments
    assert [c.number for c in instrument.commitments] == list(range(1, commitments + 1))


def test_exactly_the_four_instruments_are_shipped(instruments: dict[str, Instrument]) -> None:
    assert list(instruments) == ["CEBU-2007", "HRD-2010", "VIENTIANE-2016", "OSH-2017"]


@pytest.mark.parametrize("instrument_id", ["OSH-2017", "VIENTIANE-2016", "HRD-2010",
                                           "CEBU-2007"])
def test_every_commitment_is_the_printed_text(instruments: dict[str, Instrument],
                                              instrument_id: str) -> None:
    instrument = instruments[instrument_id]
    assert {c.number: c.text for c in instrument.commitments} == expected_texts(instrument_id)


def test_every_correction_of_the_extraction_is_noted(instruments: dict[str, Instrument]
                                                     ) -> None:
    hrd = {c.number: c for c in instruments["HRD-2010"].commitments}
    cebu = {c.number: c for c in instruments["CEBU-2007"].commitments}
    for number, heading in HRD_HEADINGS_RUN_IN.items():
        assert hrd[number].note is not None
        assert heading.strip().rstrip(";") in hrd[number].note
    for number, (broken, _) in CEBU_BROKEN_WORDS.items():
        assert cebu[number].note is not None and f"'{broken}'" in cebu[number].note
    noted = {(i.id, c.number) for i in instruments.values() for c in i.commitments if c.note}
    assert noted == {("HRD-2010", n) for n in HRD_HEADINGS_RUN_IN} | {
        ("CEBU-2007", n) for n in CEBU_BROKEN_WORDS}


# HRD: "Foster technical cooperation and capacity-building activities in ASEAN" before item 1;
# the three run-in headings above. Cebu: "GENERAL PRINCIPLES" before 1, "OBLIGATIONS OF
# RECEIVING STATES" before 5, "OBLIGATIONS OF SENDING STATES" before 11, "COMMITMENTS BY
# ASEAN" before 15.
@pytest.mark.parametrize(("instrument_id", "sections"), [
    ("HRD-2010", {"Foster technical cooperation and capacity-building activities in ASEAN":
                  range(1, 6),
                  "Promote tripartite and public-private sector cooperation": range(6, 10),
                  "Enhance the quality and skills of workers in all ASEAN Member States":
                  range(10, 17),
                  "Promote lifelong learning": range(17, 21)}),
    ("CEBU-2007", {"GENERAL PRINCIPLES": range(1, 5),
                   "OBLIGATIONS OF RECEIVING STATES": range(5, 11),
                   "OBLIGATIONS OF SENDING STATES": range(11, 15),
                   "COMMITMENTS BY ASEAN": range(15, 23)}),
])
def test_commitments_sit_under_the_printed_headings(instruments: dict[str, Instrument],
                                                    instrument_id: str,
                                                    sections: dict[str, range]) -> None:
    instrument = instruments[instrument_id]
    assert [s.title for s in instrument.sections] == list(sections)
    for commitment in instrument.commitments:
        assert commitment.number in sections[commitment.section or ""]


def test_the_cebu_sections_keep_their_lead_in_words(instruments: dict[str, Instrument]) -> None:
    cebu = instruments["CEBU-2007"]
    receiving = cebu.section("OBLIGATIONS OF RECEIVING STATES")
    assert receiving is not None and receiving.lead_in == (
        "Pursuant to the prevailing laws, regulations and policies of the respective "
        "receiving states, the receiving states will:")
    general = cebu.section("GENERAL PRINCIPLES")
    assert general is not None and general.lead_in is None


def test_the_osh_and_vientiane_actions_have_no_sections(instruments: dict[str, Instrument]
                                                        ) -> None:
    for instrument_id in ("OSH-2017", "VIENTIANE-2016"):
        assert instruments[instrument_id].sections == ()
        assert all(c.section is None for c in instruments[instrument_id].commitments)


# --- the links: only where the plans name the instrument ---------------------------------------

def linked(instruments: dict[str, Instrument], catalogue: Catalogue,
           instrument_id: str) -> dict[str, list[tuple[Relation, tuple[int, ...], str | None]]]:
    return {row.project.id: [(t.relation, t.commitments, t.via_plan) for t in row.ties]
            for row in linked_projects(instruments[instrument_id], catalogue)}


def test_vientiane_is_linked_to_the_special_meeting_that_names_it(
        instruments: dict[str, Instrument], catalogue: Catalogue) -> None:
    assert linked(instruments, catalogue, "VIENTIANE-2016") == {
        "SLOM-WG-9": [(Relation.IMPLEMENTS, (), None)]}
    project = catalogue.project("SLOM-WG-9")
    assert project is not None
    assert "Regional Action Plan of Vientiane Declaration on Transition from Informal " \
           "Employment to Formal Employment" in project.title


def test_the_osh_statement_is_linked_to_the_session_where_it_was_adopted(
        instruments: dict[str, Instrument], catalogue: Catalogue) -> None:
    assert linked(instruments, catalogue, "OSH-2017") == {
        "OSHNET-8": [(Relation.ADOPTED_AT, (), None)]}
    project = catalogue.project("OSHNET-8")
    assert project is not None
    assert "Special Session of ASEAN Labour Ministers on Occupational Safety & Health" in \
        project.title
    assert project.dates == "3 September 2017" and project.venue == "Singapore"


def test_the_cebu_declaration_is_linked_to_the_acmw_plan_and_item_22_to_its_instrument(
        instruments: dict[str, Instrument], catalogue: Catalogue) -> None:
    links = linked(instruments, catalogue, "CEBU-2007")
    acmw = catalogue.plan("ACMW-2016-2020")
    assert acmw is not None
    assert "Committee on the Implementation of the ASEAN Declaration on the Protection and " \
           "Promotion of the Rights of Migrant Workers" in acmw.title
    assert list(links) == [p.id for p in acmw.projects]
    assert all((Relation.IMPLEMENTS, (), "ACMW-2016-2020") in ties for ties in links.values())
    assert links["ACMW-9"] == [(Relation.IMPLEMENTS, (), "ACMW-2016-2020"),
                               (Relation.IMPLEMENTS, (22,), None)]
    project = catalogue.project("ACMW-9")
    assert project is not None
    assert "ASEAN instrument on the protection and promotion of the rights of migrant " \
           "workers" in project.title
    assert "develop an ASEAN instrument on the protection and promotion of the rights of " \
           "migrant workers" in numbered(CEBU_LINES)[22]


def test_the_measure_the_cebu_link_cites(catalogue: Catalogue) -> None:
    # The basis says every ACMW project but 7 and 8 serves B.3.ix, whose text names the
    # Declaration.
    acmw = [p for p in catalogue.projects if p.plan_id == "ACMW-2016-2020"]
    assert [p.id for p in acmw if "B.3.ix" not in catalogue.measures_of(p)] == [
        "ACMW-7", "ACMW-8"]
    programme = catalogue.plan("ALM-WP-2016-2020")
    assert programme is not None and programme.content is not None
    text = next(m.text for m in programme.content.measures if m.code == "B.3.ix")
    assert "ASEAN Declaration on the Protection and Promotion of the Rights of Migrant " \
           "Workers" in text


def test_the_hrd_statement_is_named_by_no_plan_so_has_no_link(
        instruments: dict[str, Instrument], catalogue: Catalogue) -> None:
    assert instruments["HRD-2010"].links == ()
    assert linked(instruments, catalogue, "HRD-2010") == {}
    assert not any("Human Resources and Skills Development for Economic Recovery" in
                   (p.title + (p.note or "")) for p in catalogue.projects)


def test_every_link_cites_its_basis(instruments: dict[str, Instrument]) -> None:
    for instrument in instruments.values():
        for link in instrument.links:
            assert link.basis.startswith(("SLOM-WG Work Plan", "ASEAN-OSHNET Work Plan",
                                          "ACMW Work Plan", "The ACMW Work Plan"))


def test_instruments_live_in_the_reserved_folder() -> None:
    files = sorted(p.name for p in (SHIPPED_PLANS / "instruments").glob("*.toml"))
    assert files == ["cebu-declaration-2007.toml", "hrd-statement-2010.toml",
                     "osh-statement-2017.toml", "vientiane-declaration-2016.toml"]
