"""The elements a contract's safeguarding clause must include (chscp and bscp 2.1-2.10, hips 1a-1g)
and the NHS contract wording of nel (3.2, SC32, 5.1). One check per requirement; the cues are
in the framework data, so the checks read them rather than hold any wording themselves.
"""

from __future__ import annotations

from safecom.rules.documents.checker import document_check
from safecom.rules.documents.engine import Context, evaluate
from safecom.rules.documents.model import Finding, RequirementSpec


@document_check("chscp 2.1")
def chscp_2_1_clause_explicitly_refers_to_safeguarding(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An explicit reference to safeguarding children and young people."""
    return evaluate(ctx, requirement)


@document_check("chscp 2.2")
def chscp_2_2_clause_cites_the_overarching_legislation_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An explicit reference to the overarching legislation (Children Act 1989 and 2004,
    Working Together to Safeguarding Children (2018), The London Child Protection
    Procedures, DBS checks: Guidance for Employers and CHSCP guidance relating to
    safeguarding)
    """
    return evaluate(ctx, requirement)


@document_check("chscp 2.3")
def chscp_2_3_clause_requires_adherence_to_the_chscp_safer(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Adherence to the CHSCP safer recruitment minimum standards."""
    return evaluate(ctx, requirement)


@document_check("chscp 2.4")
def chscp_2_4_clause_requires_a_safeguarding_and_child(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """A requirement for a safeguarding and child protection policy to be in place that adheres
    to the standards set out within the CHSCP's policy guidance.
    """
    return evaluate(ctx, requirement)


@document_check("chscp 2.5")
def chscp_2_5_clause_requires_a_whistleblowing_policy(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """A requirement for there to be a whistleblowing policy in place."""
    return evaluate(ctx, requirement)


@document_check("chscp 2.6")
def chscp_2_6_clause_expects_safeguarding_induction_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An expectation of safeguarding induction and continued training for staff and
    volunteers.
    """
    return evaluate(ctx, requirement)


@document_check("chscp 2.7")
def chscp_2_7_clause_expects_chscp_key_messages_and_review(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An expectation that key messages from the CHSCP, including lessons identified through
    Local Child Safeguarding Practice Reviews, audits and other processes are effectively
    cascaded to all staff.
    """
    return evaluate(ctx, requirement)


@document_check("chscp 2.8")
def chscp_2_8_clause_covers_staff_alertness_to_abuse_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The role of the provider in ensuring its staff are alert to the signs and symptoms of
    child abuse and neglect and know what to do if they are worried about a child. This must
    include specific reference to extra-familial harm such as exploitation and peer-on-peer
    abuse.
    """
    return evaluate(ctx, requirement)


@document_check("chscp 2.9")
def chscp_2_9_clause_requires_compliance_with_chscp(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The role of the provider in complying with the CHSCP's safeguarding arrangements to
    report, and respond to safeguarding concerns and co-operate with safeguarding enquiries.
    """
    return evaluate(ctx, requirement)


@document_check("chscp 2.10")
def chscp_2_10_clause_sets_expectations_for_allegations_against(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Expectations for responding to allegations against staff and volunteers and cooperation
    with the Local Authority Designated Officer (LADO).
    """
    return evaluate(ctx, requirement)


@document_check("bscp 2.1")
def bscp_2_1_clause_explicitly_refers_to_safeguarding(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An explicit reference to safeguarding children and young people."""
    return evaluate(ctx, requirement)


@document_check("bscp 2.2")
def bscp_2_2_clause_cites_the_overarching_legislation_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An explicit reference to the overarching legislation (Children Act 1989 and 2004,
    Working Together to Safeguarding Children (2023), The London Child Protection
    Procedures, DBS checks: Guidance for Employers, and BSCP guidance relating to
    safeguarding)
    """
    return evaluate(ctx, requirement)


@document_check("bscp 2.3")
def bscp_2_3_clause_requires_adherence_to_the_bscp_safer(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Adherence to the BSCP safer recruitment minimum standards."""
    return evaluate(ctx, requirement)


@document_check("bscp 2.4")
def bscp_2_4_clause_requires_a_safeguarding_and_child(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """A requirement for a safeguarding and child protection policy to be in place that adheres
    to the standards set out within the BSCP's policy guidance.
    """
    return evaluate(ctx, requirement)


@document_check("bscp 2.5")
def bscp_2_5_clause_requires_a_whistleblowing_policy(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """A requirement for there to be a whistleblowing policy in place."""
    return evaluate(ctx, requirement)


@document_check("bscp 2.6")
def bscp_2_6_clause_expects_safeguarding_induction_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An expectation of safeguarding induction and continued training for staff and
    volunteers.
    """
    return evaluate(ctx, requirement)


@document_check("bscp 2.7")
def bscp_2_7_clause_expects_bscp_key_messages_and_review(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """An expectation that key messages from the BSCP, including lessons identified through
    Local Child Safeguarding Practice Reviews, audits and other processes are effectively
    cascaded to all staff.
    """
    return evaluate(ctx, requirement)


@document_check("bscp 2.8")
def bscp_2_8_clause_covers_staff_alertness_to_abuse_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The role of the provider in ensuring its staff are alert to the signs and symptoms of
    child abuse and neglect and know what to do if they are worried about a child. This must
    include specific reference to extra-familial harm such as child sexual exploitation and
    child criminal exploitation.
    """
    return evaluate(ctx, requirement)


@document_check("bscp 2.9")
def bscp_2_9_clause_requires_compliance_with_bscp(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The role of the provider in complying with the BSCP's safeguarding arrangements to
    report and respond to safeguarding concerns and co-operate with safeguarding enquiries.
    """
    return evaluate(ctx, requirement)


@document_check("bscp 2.10")
def bscp_2_10_clause_sets_expectations_for_allegations_against(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Expectations for responding to allegations against staff and volunteers and cooperation
    with the Local Authority Designated Officer (LADO).
    """
    return evaluate(ctx, requirement)


@document_check("hips 1a")
def hips_1a_clause_explicitly_refers_to_safeguarding(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """have a standard safeguarding clause within the contract that includes: a. an explicit
    reference to safeguarding children;
    """
    return evaluate(ctx, requirement)


@document_check("hips 1b")
def hips_1b_clause_cites_the_overarching_legislation_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """an explicit reference to the overarching legislation including; I. (Children Act 1989
    and 2004 II. Working Together to Safeguarding Children (2018) III. the HIPS LSCP Child
    Protection Procedures IV. Disclosure, Vetting & Barring Guidance V. Criminal record
    checks etc.;
    """
    return evaluate(ctx, requirement)


@document_check("hips 1c")
def hips_1c_clause_requires_safeguarding_and_whistleblowing(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """a requirement for safeguarding, whistle blowing policies and standards to include areas
    shown in Appendix A which are updated at regular intervals;
    """
    return evaluate(ctx, requirement)


@document_check("hips 1d")
def hips_1d_clause_expects_appropriate_and_proportionate(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """an expectation of appropriate and proportionate training in relation to safeguarding;"""
    return evaluate(ctx, requirement)


@document_check("hips 1e")
def hips_1e_clause_covers_staff_and_volunteer_alertness_to(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """the role of the provider in ensuring its staff and volunteers are alert to the signs and
    symptoms of child abuse, neglect and exploitation and know what to do if they are
    worried about a child;
    """
    return evaluate(ctx, requirement)


@document_check("hips 1f")
def hips_1f_clause_requires_compliance_with_multi_agency(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """the role of the provider in complying with multi-agency safeguarding systems to report,
    and respond to safeguarding concerns and co-operate with safeguarding investigations;
    """
    return evaluate(ctx, requirement)


@document_check("hips 1g")
def hips_1g_clause_sets_out_the_role_of_the_lado_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """the role of the Local Authority Designated Officer (LADO) and expectations around
    referrals.
    """
    return evaluate(ctx, requirement)


@document_check("nel 3.2")
def nel_3_2_safeguarding_wording_and_standards_inserted_in(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """includes schedules of safeguarding children and adults service standards to be
    incorporated into all contracts (sections 3 – 5 below). ... When drafting a new or
    revising an existing NHS contract the following wording and standards (section 3.2
    below) should be inserted in Schedule 2
    """
    return evaluate(ctx, requirement)


@document_check("nel SC32.1")
def nel_sc32_1_protect_service_users_from_abuse_neglect_and(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The Provider must ensure that Service Users are protected from abuse, neglect and
    improper or degrading treatment, and must take appropriate action to respond to any
    allegation or disclosure of abuse in accordance with the Law.
    """
    return evaluate(ctx, requirement)


@document_check("nel SC32.3")
def nel_sc32_3_comply_with_safeguarding_law_and_guidance(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """The Provider must comply with the requirements and principles in relation to the
    safeguarding of children, young people and adults, including in relation to deprivation
    of liberty safeguards, child sexual abuse and exploitation, domestic abuse and female
    genital mutilation (as relevant to the Services) set out or referred to in: ... the 2014
    Act and associated Guidance; ... the 2014 Regulations; ... the Children Act 1989 and the
    Children Act 2004 and associated Guidance; ... the 2005 Act and associated Guidance; ...
    Safeguarding Guidance; and ... Child Sexual Abuse and Exploitation Guidance.
    """
    return evaluate(ctx, requirement)


@document_check("nel 5.1")
def nel_5_1_subcontractors_including_estates_contractors(
    ctx: Context, requirement: RequirementSpec
) -> Finding:
    """Where provider organisations commission other providers to carry out services, they
    should require these providers to comply with these standards, and ensure a copy of this
    policy is appended to the contract. This includes contracts where estates staff are
    employed in healthcare settings – grounds maintenance, cleaning, transport etc.
    """
    return evaluate(ctx, requirement)
