"""Northbridge MBC, Children's Services Improvement Plan 2023-24: three editions, Darlington house style.

January 2024 is written out in full; February and April are January plus the edits below, which are
the known changes between editions (the expected change lists are derived from them by spec uid).
"""

from __future__ import annotations

from plangen.spec import ActionSpec as A
from plangen.spec import EditionSpec, LegendSpec, RecommendationSpec, evolve
from plangen.spec import IndicatorSpec as I

ORG = "Northbridge Metropolitan Borough Council"
TITLE = "Children's Services Improvement Plan 2023-24"

LEGEND = [
    LegendSpec(
        "Completed",
        "C",
        "#5b9bd5",
        "none",
        "complete",
        "Actions completed or PI targets achieved",
        "Completed/target achieved/outcomes delivered",
    ),
    LegendSpec(
        "Red",
        "R",
        "#ff0000",
        "red",
        None,
        "Actions/PIs not on track and remedial action required",
        "Limited confidence that progress will be delivered on time",
    ),
    LegendSpec(
        "Amber",
        "A",
        "#ffc000",
        "amber",
        None,
        "Actions/PIs not on track but actions in hand to address slippage",
        "Reasonable confidence that progress will be delivered on time",
    ),
    LegendSpec(
        "Green",
        "G",
        "#00b050",
        "green",
        None,
        "Actions/PIs on track and will be delivered on time",
        "Confident that progress will be delivered on time",
    ),
]
GREEN, AMBER, RED = "#00b050", "#ffc000", "#ff0000"

QUALITY_BULLETS = [
    "the right information is gathered",
    "the right people are included",
    "the voice of the child is evidenced",
    "risks are identified and analysis is robust",
    "they are completed within the child's timescales",
]
PLAN_BULLETS = [
    "strengths and concerns are identified, maximising the strengths of the family",
    "actions are SMART and owned by a named professional",
    "the plan is regularly reviewed against the outcomes required",
    "decision making is clear and recorded",
]
COURT_BULLETS = [
    "the permanence and legal trackers give managers oversight of every child who is looked after but not "
    "yet placed in a permanent home",
    "interim care plans are quality assured and approved by a Service Manager before being filed",
    "a Head of Service attends every final care planning meeting that is complex or contentious",
]
OBJ_PRACTICE = (
    "Improve the quality of practice in assessment, care planning and neglect so that reports are "
    "consistently good"
)
OBJ_AUDIT = "Make sure the audit programme informs workforce development"
OBJ_PERMANENCE = (
    "Ensure timely permanence planning for all children so that they have a stable, permanent "
    "home and long-term relationships in a placement that meets their needs"
)

RECS = [
    RecommendationSpec(
        1,
        "Ensure that management oversight of contacts and referrals at the front door is robust, so that "
        "children and families are seen and risks are evaluated within timescales that meet the child's "
        "need.",
        "JANE SMITH",
        "G",
        progress=[
            "Daily management huddles in the front door are now embedded and every contact has a recorded "
            "management decision within 24 hours.",
            "A monthly audit of contacts that led to no further action found decisions to be appropriate in "
            "46 "
            "of the 50 cases sampled; learning from the remaining four has been shared with team managers.",
            "Partner agencies have attended four bite-size sessions on the threshold document since the last "
            "update.",
        ],
        indicators=[
            I(
                "NCS 012",
                "% of referrals completed within 24 hours",
                "Jane Smith",
                "90%",
                "94%",
                GREEN,
                "higher_better",
            ),
            I(
                "NCS 015",
                "% of re-referrals within 12 months",
                "Jane Smith",
                "20%",
                "23%",
                AMBER,
                "lower_better",
            ),
            I(
                "NCS 026",
                "% of referrals completed in over 72 hours",
                "Jane Smith",
                "5%",
                "2%",
                GREEN,
                "lower_better",
            ),
            I(
                "NCS 176",
                "% of cases where the ICPC is held within 15 days of the initial strategy discussion",
                "Omar Patel",
                "85%",
                "78%",
                AMBER,
                "higher_better",
            ),
        ],
        actions=[
            A(
                "n1a",
                "Deliver bite-size threshold training to partner agencies so that contacts carry the "
                "information needed for a timely decision, including consent to share.",
                "Jane Smith",
                "Dec 2023",
                "C",
                start="Sept 2023",
            ),
            A(
                "n1b",
                "Sustain management oversight of all contacts so that there is a clear, recorded rationale "
                "for progression or no further action, monitored through monthly audit.",
                "Jane Smith",
                "Mar 2024",
                "G",
                start="Sept 2023",
            ),
            A(
                "n1c",
                "Complete a quarterly audit of re-referrals and of strategy discussions that do not progress "
                "to an initial child protection conference.",
                "Jane Smith",
                "Mar 2024",
                "G",
                start="Oct 2023",
            ),
            A(
                "n1d",
                "Publish a monthly front door performance digest for team managers and partners.",
                "J Smith",
                "Mar 2024",
                "G",
                start="Nov 2023",
            ),
        ],
    ),
    RecommendationSpec(
        2,
        "Drive improvement through the quality assurance of assessments so that all areas of risk are "
        "addressed, historical information is considered and analysis is robust.",
        "JANE SMITH & OMAR PATEL",
        "G",
        progress=[
            "The revised case supervision tool has been adopted by all safeguarding teams following a pilot "
            "in two teams.",
            "Action learning sets covering assessment, care planning and recording have been delivered to "
            "all "
            "team managers; the final set, on stepping down from statutory services, takes place in "
            "February.",
            "Moderated audits show 38% of assessments rated good or better, up from 31% at the start of the "
            "year.",
        ],
        indicators=[
            I(
                "NCS 340a",
                "% of assessments rated as good or outstanding",
                "Omar Patel",
                "40%",
                "38%",
                AMBER,
                "higher_better",
            ),
            I(
                "NCS 340c",
                "% of assessments rated as inadequate",
                "Omar Patel",
                "10%",
                "6%",
                GREEN,
                "lower_better",
            ),
        ],
        actions=[
            A(
                "n2a",
                "Management oversight of every case closure evidences the impact of intervention on "
                "outcomes for the child and records the next steps that continue to support them.",
                "Omar Patel",
                "Mar 2024",
                "G",
                start="Sept 2023",
            ),
            A(
                "n2b",
                "Embed a range of good quality assessment tools to raise the quality of single assessments. "
                "This will be evidenced by an increase in the percentage of assessments rated good or "
                "outstanding.",
                "Omar Patel",
                "Mar 2024",
                "G",
                start="Sept 2023",
            ),
            A(
                "n2c",
                "Enhance the quality of practice and ensure consistency in assessments so that:",
                "Jane Smith / Omar Patel",
                "Mar 2024",
                "G",
                start="Oct 2023",
                bullets=QUALITY_BULLETS,
                objective=OBJ_PRACTICE,
            ),
            A(
                "n2d",
                "Embed effective care planning so that:",
                "Omar Patel",
                "Mar 2024",
                "G",
                start="Oct 2023",
                bullets=PLAN_BULLETS,
                objective=OBJ_PRACTICE,
            ),
            A(
                "n2e",
                "Strengthen the workforce development programme so that it is linked directly to the "
                "findings of the audit programme, with a quarterly report to the Practice Improvement Board.",
                "Omar Patel",
                "Jun 2024",
                "A",
                start="Nov 2023",
                objective=OBJ_AUDIT,
            ),
        ],
    ),
    RecommendationSpec(
        3,
        "Improve the quality and timeliness of social work reports for child protection conferences and "
        "ensure that initial conferences are held within statutory timescales.",
        "OMAR PATEL",
        "A",
        # This actions table runs onto the next page without its header row (the Word setting is off).
        repeat_actions_header=False,
        progress=[
            "Timeliness of initial child protection conferences has improved to 78% but remains below the "
            "target of 85%; an additional conference chair started in December.",
            "The revised report template has been agreed with parents' representatives and is in use.",
        ],
        indicators=[
            I(
                "NCS 176",
                "% of ICPCs that took place within 15 working days of the strategy discussion",
                "Omar Patel",
                "85%",
                "78%",
                AMBER,
                "higher_better",
            ),
            I(
                "NCS 181",
                "% of conference reports shared with parents within 3 working days of the conference",
                "Omar Patel",
                "80%",
                "71%",
                AMBER,
                "higher_better",
            ),
        ],
        actions=[
            A(
                "n3a",
                "Recruit an additional conference chair and review the scheduling of initial conferences "
                "to remove avoidable delay.",
                "Omar Patel",
                "Mar 2024",
                "A",
                start="Sept 2023",
            ),
            A(
                "n3b",
                "Embed the Signs of Safety report template for all child protection conferences.",
                "Omar Patel",
                "Mar 2024",
                "G",
                start="Sept 2023",
            ),
            A(
                "n3c",
                "Develop performance reporting across the child protection conference workflow.",
                "Sam Reid",
                "Dec 2023",
                "C",
                start="Sept 2023",
            ),
        ],
    ),
    RecommendationSpec(
        4,
        "Reduce reliance on agency social workers and ensure that caseloads allow good social work practice "
        "across the whole of the service.",
        "PRIYA SHARMA",
        "A",
        progress=[
            "Eleven permanent social workers have started since September, but agency use remains above "
            "target "
            "at 21% of posts.",
            "Average caseloads for qualified social workers are 19, one above the target of 18.",
            "The recruitment and retention package was approved by Cabinet in November.",
        ],
        indicators=[
            I(
                "NCS 352",
                "% of social work posts filled by agency workers",
                "Priya Sharma",
                "15%",
                "21%",
                RED,
                "lower_better",
            ),
            I(
                "NCS 393",
                "Average caseload of qualified social workers",
                "Priya Sharma",
                "18",
                "19",
                AMBER,
                "lower_better",  # a caseload above target is worse (the seed's CSC 393 reads the same)
            ),
            I(
                "NEW",
                "Number of newly qualified social workers recruited",
                "Priya Sharma",
                "-",
                "12",
                None,
                "unknown",
            ),
        ],
        actions=[
            A(
                "n4a",
                "Implement the recruitment and retention package approved by Cabinet.",
                "Priya Sharma",
                "Mar 2024",
                "A",
                start="Nov 2023",
            ),
            A(
                "n4b",
                "Convert long-standing agency social workers to permanent posts where they wish to stay.",
                "Priya Sharma",
                "Mar 2024",
                "A",
                start="Sept 2023",
            ),
            A(
                "n4c",
                "Monitor caseloads weekly and redistribute work across teams when any worker exceeds 22.",
                "Priya Sharma",
                "Mar 2024",
                "G",
                start="Sept 2023",
            ),
            A(
                "n4d",
                "Launch the Northbridge social work academy for newly qualified social workers.",
                "Priya Sharma",
                "Sept 2023",
                "C",
                start="Jun 2023",
            ),
        ],
    ),
    RecommendationSpec(
        5,
        "Review the processes and resources available for performance monitoring at all levels of the "
        "organisation and ensure that robust arrangements are in place.",
        None,
        "BAU",
    ),
    RecommendationSpec(
        6,
        "Ensure that decisions about permanence for children looked after are timely, with robust oversight "
        "including by independent reviewing officers.",
        "DAVID OKAFOR",
        "G",
        progress=[
            "The permanence tracker is embedded for all children looked after for four months or more and "
            "permanence plans are in place for 88% of this cohort.",
            "Care team meetings have been introduced between statutory reviews and the policy has been "
            "agreed "
            "by the Corporate Parenting Panel.",
        ],
        indicators=[
            I(
                "NCS 268a",
                "% of looked after children with a permanence plan within 4 months of entering care",
                "David Okafor",
                "90%",
                "88%",
                AMBER,
                "higher_better",
            ),
            I(
                "NCS 279",
                "Average number of days between entering care and moving in with an adoptive family",
                "David Okafor",
                "590 days",
                "612 days",
                AMBER,
                "unknown",
            ),
        ],
        actions=[
            A(
                "n6a",
                "Strengthen management oversight of court processes:",
                "David Okafor",
                "Mar 2024",
                "C",
                start="Sept 2023",
                bullets=COURT_BULLETS,
                objective=OBJ_PERMANENCE,
            ),
            A(
                "n6b",
                "Introduce multi-agency care team meetings for all looked after children between "
                "scheduled reviews, to maintain robust and evident oversight of planning.",
                "David Okafor",
                "Mar 2024",
                "G",
                start="Sept 2023",
                objective=OBJ_PERMANENCE,
            ),
            A(
                "n6c",
                "Develop, roll out and embed the care team meeting policy and procedure.",
                "David Okafor",
                "Mar 2024",
                "G",
                start="Oct 2023",
                objective=OBJ_PERMANENCE,
            ),
            A(
                "n6d",
                "Hold a monthly permanence panel chaired by the Head of Service for every child without a "
                "confirmed permanence plan.",
                "David Okafor",
                "Ongoing",
                "G",
                start="Jan 2024",
                objective=OBJ_PERMANENCE,
            ),
        ],
    ),
    RecommendationSpec(
        7,
        "When independent reviewing officers challenge poor practice, make sure the challenge is recorded "
        "and monitored and that a lack of progress is escalated to senior leaders.",
        "DAVID OKAFOR",
        "R",
        progress=[
            "The revised dispute resolution process has not yet been adopted because the case recording "
            "system "
            "change it depends on has been delayed until March.",
            "IRO challenges are being logged manually in the meantime and reviewed monthly by the Head of "
            "Service.",
        ],
        actions=[
            A(
                "n7a",
                "Record every formal IRO challenge in the case recording system and notify the responsible "
                "team manager automatically.",
                "David Okafor",
                "Dec 2023",
                "R",
                start="Sept 2023",
            ),
            A(
                "n7b",
                "Report the number of challenges, disputes and themes monthly as part of the quality and "
                "performance framework.",
                "David Okafor",
                "Jan 2024",
                "R",
                start="Oct 2023",
            ),
            A(
                "n7c",
                "Review the escalation flow chart with IROs and team managers and publish it.",
                "David Okafor",
                "Mar 2024",
                "A",
                start="Nov 2023",
            ),
        ],
    ),
    RecommendationSpec(
        8,
        "Ensure that return interviews are offered to all children who go missing and that the information "
        "is used to inform plans to keep children safe.",
        "JANE SMITH",
        "G",
        progress=[
            "Return home interviews are now offered to every child within 72 hours and take-up has risen to "
            "91%.",
            "A quarterly audit of the quality of return interviews has started and its findings are shared "
            "with "
            "the exploitation panel.",
        ],
        indicators=[
            I(
                "NCS 216",
                "% of return home interviews completed within 72 hours",
                "Jane Smith",
                "95%",
                "91%",
                AMBER,
                "higher_better",
            ),
        ],
        actions=[
            A(
                "n8a",
                "Ensure return home interviews are consistently recorded on the case recording system.",
                "Jane Smith",
                "Dec 2023",
                "C",
                start="Sept 2023",
            ),
            A(
                "n8b",
                "Commission the return home interview service jointly with the police and health partners.",
                "Jane Smith",
                "Nov 2023",
                "C",
                start="Jul 2023",
            ),
            A(
                "n8c",
                "Audit the quality of return home interviews quarterly and report the findings to the "
                "exploitation panel.",
                "Jane Smith",
                "Mar 2024",
                "G",
                start="Oct 2023",
            ),
        ],
    ),
    RecommendationSpec(
        9,
        "Make sure that early help is effectively targeted, coordinated and evaluated so that families "
        "receive "
        "support when need is first identified.",
        "OMAR PATEL",
        "G",
        progress=[
            "The Early Help Strategy was agreed by the Safeguarding Partnership in December.",
            "Schools have completed 1042 early help assessments this year, and the partnership audit of "
            "their "
            "quality is under way.",
        ],
        indicators=[
            I(
                "NCS 001",
                "Number of Early Help Assessments completed",
                "Omar Patel",
                "-",
                "1042",
                None,
                "unknown",
            ),
            I("NCS 011", "% of contacts leading to a referral", "Omar Patel", "35%", "28%", GREEN, "unknown"),
            I(
                "NCS 015",
                "% of re-referrals to children's social care within 12 months of a previous referral",
                "Omar Patel",
                "20%",
                "19%",
                GREEN,
                "lower_better",
            ),
        ],
        actions=[
            A(
                "n9a",
                "Embed the revised early help audit tool with a focus on outcomes and impact for children.",
                "Omar Patel",
                "Mar 2024",
                "G",
                start="Sept 2023",
            ),
            A(
                "n9b",
                "Address themes emerging from audits through the workforce development programme.",
                "Omar Patel",
                "Mar 2024",
                "G",
                start="Sept 2023",
            ),
            A(
                "n9c",
                "Sustain management oversight during the completion of early help assessments and at final "
                "sign-off.",
                "Omar Patel",
                "Mar 2024",
                "G",
                start="Oct 2023",
            ),
            A(
                "n9d",
                "Develop the multi-agency early help strategy group so that it addresses gaps in the early "
                "help offer.",
                "Omar Patel",
                "Mar 2024",
                "G",
                start="Oct 2023",
            ),
            A(
                "n9e",
                "Review the effectiveness of the re-modelled early help service twelve months after "
                "implementation.",
                "Omar Patel",
                "Q4 2023/24",
                "G",
                start="Jan 2024",
            ),
        ],
    ),
    RecommendationSpec(
        10,
        "Ensure that all children looked after have timely initial health assessments.",
        None,
        "BAU",
        bau_label="BUSINESS AS USUAL",
        bau_note="Now monitored through the Corporate Parenting Panel's quarterly health report.",
    ),
]

JANUARY = EditionSpec(
    stem="northbridge-2024-01",
    organisation=ORG,
    plan_title=TITLE,
    plan_version="2",
    edition_label="January 2024",
    update_ordinal="third",
    data_as_of_text="end of December 2023",
    legend=LEGEND,
    recommendations=RECS,
    successes=[
        "Management oversight of contacts is now embedded and evidenced in every case.",
        "The Early Help Strategy has been agreed by the Safeguarding Partnership.",
    ],
    challenges=[
        "Reducing reliance on agency social workers.",
        "Timeliness of initial child protection conferences.",
    ],
)


def _january_to_february(e: EditionSpec) -> None:
    e.action("n3a").status = "G"  # amber -> green
    e.action("n9c").status = "A"  # green -> amber
    e.action("n8c").status = "C"  # completed
    e.action("n2b").due = "Jun 2024"  # due date revised Mar 2024 -> Jun 2024
    e.rec(6).actions.append(  # new action, next letter
        A(
            "n6e",
            "Train all IROs in the revised permanence planning guidance.",
            "David Okafor",
            "Jun 2024",
            "G",
            start="Feb 2024",
            objective=OBJ_PERMANENCE,
        )
    )
    e.indicator(1, "NCS 015").actual = "21%"  # towards the 20% target (lower is better)
    e.indicator(2, "NCS 340a").actual = "36%"  # away from the 40% target (higher is better)
    e.rec(4).lead = "AMARA BELL"  # recommendation lead changes


def _february_to_april(e: EditionSpec) -> None:
    rec8 = e.rec(8)  # moves to business as usual: detail block, actions and indicators disappear
    rec8.status, rec8.actions, rec8.indicators, rec8.progress = "BAU", [], [], []
    e.rec(9).actions = [a for a in e.rec(9).actions if a.uid != "n9c"]  # removed mid-table: d,e -> c,d
    e.action("n7a").status = "A"  # red -> amber
    e.action("n1c").due = "Jun 2024"  # slips Mar 2024 -> Jun 2024
    e.indicator(4, "NCS 352").target = "12%"  # target changes 15% -> 12%


FEBRUARY = evolve(
    JANUARY,
    _january_to_february,
    stem="northbridge-2024-02",
    edition_label="February 2024",
    update_ordinal="fourth",
    data_as_of_text="end of January 2024",
)
APRIL = evolve(
    FEBRUARY,
    _february_to_april,
    stem="northbridge-2024-04",
    edition_label="April 2024",
    update_ordinal="fifth",
    data_as_of_text="end of March 2024",
)

EDITIONS = [JANUARY, FEBRUARY, APRIL]
