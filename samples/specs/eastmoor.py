"""Eastmoor County Council, SEND Written Statement of Action: two editions in a single-tracker house style.

March 2024 is written out in full; June 2024 is March plus the edits below. June deliberately prints
one stated total wrong (the complete count), which its expected output lists as a PT401 issue.
"""

from __future__ import annotations

from plangen.spec import ActionSpec as A
from plangen.spec import EditionSpec, LegendSpec, RecommendationSpec, evolve

ORG = "Eastmoor County Council"
TITLE = "SEND Written Statement of Action"

# The BRAG key: blue means complete here. Cells carry only the colour (token None; spec codes B/R/A/G).
LEGEND = [
    LegendSpec("Blue", None, "#0070c0", "none", "complete", "Complete", code="B"),
    LegendSpec("Red", None, "#e03c31", "red", None, "Off track", code="R"),
    LegendSpec("Amber", None, "#ffbf00", "amber", None, "At risk, some slippage", code="A"),
    LegendSpec("Green", None, "#70ad47", "green", None, "On track", code="G"),
]

HOS = "Head of SEND"
DCO = "Designated Clinical Officer"
PEP = "Principal Educational Psychologist"
PCF = "Parent Carer Forum Chair"

AREAS = [
    RecommendationSpec(
        1,
        "The timeliness of education, health and care needs assessments and the identification of needs in "
        "the early years.",
        "Dr Ann Lee",
        "",
        actions=[
            A(
                "e11",
                "Recruit four additional EHC coordinators to clear the backlog of needs assessments.",
                HOS,
                "31/12/2023",
                "B",
                ref="1.1",
                progress="All four coordinators in post since November 2023.",
                evidence="Staffing report to SEND Board",
            ),
            A(
                "e12",
                "Introduce weekly case tracking of every assessment against the 20-week timescale.",
                HOS,
                "31/01/2024",
                "B",
                ref="1.2",
                progress="Weekly tracker in use; reported monthly to the SEND Board.",
                evidence="EHCP timeliness dashboard",
            ),
            A(
                "e13",
                "Agree a service level agreement with health providers for advice within six weeks.",
                DCO,
                "31/03/2024",
                "G",
                ref="1.3",
                progress="Draft agreed by both trusts; signing in March.",
                evidence="Draft SLA",
            ),
            A(
                "e14",
                "Train early years settings in the graduated approach and early identification of need.",
                "Head of Early Years",
                "30.6.24",
                "A",
                ref="1.4",
                revised="31.7.24",
                progress="Eleven of 40 settings trained; summer term dates added.",
                evidence="Training log",
            ),
            A(
                "e15",
                "Publish monthly timeliness figures on the Local Offer.",
                HOS,
                "30/04/2024",
                "G",
                ref="1.5",
                progress="First publication planned for April.",
                evidence="Local Offer page",
            ),
        ],
    ),
    RecommendationSpec(
        2,
        "The quality of education, health and care plans, including the contribution of health and social "
        "care.",
        "Mark Hughes",
        "",
        actions=[
            A(
                "e21",
                "Adopt a multi-agency quality assurance framework for EHC plans.",
                PEP,
                "31/12/2023",
                "B",
                ref="2.1",
                progress="Framework adopted by the SEND Board in December.",
                evidence="QA framework v1.0",
            ),
            A(
                "e22",
                "Audit 30 plans each quarter with health and social care colleagues.",
                PEP,
                "31/03/2024",
                "G",
                ref="2.2",
                progress="Two quarterly audits complete; 47% of plans rated good.",
                evidence="Audit reports Q2, Q3",
            ),
            A(
                "e23",
                "Deliver outcome-writing training to all EHC coordinators and SENCOs.",
                PEP,
                "30/06/2024",
                "G",
                ref="2.3",
                progress="Five of eight sessions delivered.",
                evidence="Attendance records",
            ),
            A(
                "e24",
                "Ensure social care advice is provided for every needs assessment within six weeks.",
                "Head of Children's Social Care",
                "31/03/2024",
                "R",
                ref="2.4",
                progress="Advice on time in 38% of cases; recovery plan agreed.",
                evidence="Monthly returns",
            ),
            A(
                "e25",
                "Review and update annual review paperwork with parents and young people.",
                f"{HOS} / {PCF}",
                "Q2 2024/25",
                "G",
                ref="2.5",
                progress="Co-production group meets monthly.",
                evidence="Minutes of co-production group",
            ),
        ],
    ),
    RecommendationSpec(
        3,
        "Waiting times for neurodevelopmental assessments and therapies.",
        "Sarah Khan",
        "",
        actions=[
            A(
                "e31",
                "Commission additional autism assessment capacity from an independent provider.",
                DCO,
                "31/01/2024",
                "B",
                ref="3.1",
                progress="Contract awarded; 120 assessments commissioned.",
                evidence="Contract award notice",
            ),
            A(
                "e32",
                "Reduce the longest waits for speech and language therapy to under 18 weeks.",
                "Head of Children's Therapies",
                "30/06/2024",
                "G",
                ref="3.2",
                progress="Longest wait reduced from 46 to 31 weeks.",
                evidence="Waiting list report",
            ),
            A(
                "e33",
                "Introduce a waiting well offer for families waiting for assessment.",
                DCO,
                "31/03/2024",
                "A",
                ref="3.3",
                revised="31/05/2024",
                progress="Offer drafted; parent feedback being gathered.",
                evidence="Draft offer",
            ),
            A(
                "e34",
                "Report waiting times to the SEND Board every month.",
                DCO,
                "31/12/2023",
                "G",
                ref="3.4",
                progress="Standing item on the Board agenda.",
                evidence="Board papers",
            ),
        ],
    ),
    RecommendationSpec(
        4,
        "Communication and co-production with parents and carers.",
        "Dr Ann Lee",
        "",
        actions=[
            A(
                "e41",
                "Refresh the Local Offer website with parents and carers.",
                "Local Offer Manager",
                "31/03/2024",
                "A",
                ref="4.1",
                progress="New site built; testing with parents in April.",
                evidence="Test plan",
            ),
            A(
                "e42",
                "Sign a co-production charter with the Parent Carer Forum.",
                PCF,
                "30/11/2023",
                "B",
                ref="4.2",
                progress="Charter signed at the November Board.",
                evidence="Signed charter",
            ),
            A(
                "e43",
                "Hold termly SEND surgeries for parents in each district.",
                "SENDIASS Manager",
                "TBC",
                "G",
                ref="4.3",
                progress="Spring surgeries held in three of four districts.",
                evidence="Feedback forms",
            ),
            A(
                "e44",
                "Publish a you said, we did report each term.",
                HOS,
                "31/07/2024",
                "G",
                ref="4.4",
                progress="First report in preparation.",
                evidence="Draft report",
            ),
            A(
                "e45",
                "Introduce a single point of contact for every family during a needs assessment.",
                HOS,
                "30/09/2024",
                "G",
                ref="4.5",
                progress="Pilot running in the north district.",
                evidence="Pilot evaluation plan",
            ),
        ],
    ),
    RecommendationSpec(
        5,
        "Preparation for adulthood and the transition to adult services.",
        "Tom Evans",
        "",
        actions=[
            A(
                "e51",
                "Agree a joint transitions protocol between children's and adult services.",
                "Assistant Director Adult Social Care",
                "31/12/2023",
                "B",
                ref="5.1",
                progress="Protocol agreed and published.",
                evidence="Transitions protocol",
            ),
            A(
                "e52",
                "Ensure every young person in Year 9 has a preparation for adulthood review.",
                "Head of Inclusion",
                "31/03/2024",
                "A",
                ref="5.2",
                progress="62% of Year 9 reviews include PfA.",
                evidence="Annual review audit",
            ),
            A(
                "e53",
                "Expand supported internships from 12 to 30 places.",
                "Head of Inclusion",
                "31/08/2024",
                "R",
                ref="5.3",
                revised="TBC",
                progress="Two employers withdrew; new partners being sought.",
                evidence="Internship tracker",
            ),
            A(
                "e54",
                "Offer every young person with an EHC plan a health transition review at 17.",
                DCO,
                "Q2 2024/25",
                "G",
                ref="5.4",
                progress="Clinic pathway agreed with the adult trust.",
                evidence="Pathway document",
            ),
            A(
                "e55",
                "Publish the post-16 travel support policy.",
                "Head of Transport",
                "31/01/2024",
                "B",
                ref="5.5",
                progress="Policy published in January.",
                evidence="Published policy",
            ),
        ],
    ),
]

MARCH = EditionSpec(
    stem="eastmoor-2024-03",
    organisation=ORG,
    plan_title=TITLE,
    plan_version="1",
    edition_label="March 2024",
    update_ordinal="",
    data_as_of_text=None,
    legend=LEGEND,
    recommendations=AREAS,
)


def _march_to_june(e: EditionSpec) -> None:
    for uid in ("e13", "e22", "e41"):  # several actions complete (-> blue)
        e.action(uid).status = "B"
    e.action("e32").revised = "30/09/2024"  # a revised date is added: the action slips
    e.action("e52").status = "R"  # amber -> red
    e.rec(3).actions.append(
        A(
            "e35",
            "Open a second neurodevelopmental clinic in the south of the county.",
            DCO,
            "31/12/2024",
            "G",
            ref="3.5",
            progress="Premises identified.",
            evidence="Business case",
        )
    )
    e.wrong_totals = {("action", "complete"): 9}  # planted: the records have 10 complete actions


JUNE = evolve(MARCH, _march_to_june, stem="eastmoor-2024-06", edition_label="June 2024")

EDITIONS = [MARCH, JUNE]
