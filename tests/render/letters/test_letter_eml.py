"""The .eml draft parses back: addressed, subject with the reference, text and HTML parts."""

from __future__ import annotations

import email
import email.policy

from collect.render.letters.content import letter_data


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_eml_is_a_draft_to_the_primary_contact_with_both_parts(letter):
    data, draft = letter("ruitai-medical", "demand")
    msg = parse(draft.eml)
    assert msg["To"].addresses[0].addr_spec == "zhaomin@ruitai.example.cn"
    assert msg["To"].addresses[0].display_name == "赵敏"
    assert msg["From"].addresses[0].addr_spec == "ar@hengyue.example.cn"
    assert msg["X-Unsent"] == "1"
    assert "HENGYUE-ruitai-medical-DEM-20261122" in msg["Subject"] and "催款函" in msg["Subject"]
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert text.replace("\r\n", "\n") == draft.md
    assert "<style>" in html and "人民币211,250.68元" in html  # styles embedded: a mail has no letter.css
    for line in draft.eml.split(b"\r\n"):
        assert len(line) <= 998


def test_hostile_customer_name_cannot_inject_headers(sample, drafter):
    state, ledger = sample
    c = state.customer("ruitai-medical")
    data = letter_data("demand", c, state, ledger)
    evil = "Evil\r\nBcc: x@evil.example"
    contact = data.contact.model_copy(update={"name": evil + ' "quoted" <a@b>'})
    customer = data.customer.model_copy(update={"name": evil, "legal_name": evil})
    company = data.company.model_copy(update={"name": "We\nBcc: y@evil.example"})
    from dataclasses import replace

    raw = drafter.draft(replace(data, contact=contact, customer=customer, company=company)).eml
    msg = parse(raw)
    assert msg["Bcc"] is None and msg.get_all("Bcc") is None
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc:" not in head
    assert [a.addr_spec for a in msg["To"].addresses] == ["zhaomin@ruitai.example.cn"]
    for name, value in msg.items():
        assert "\n" not in str(value) and "\r" not in str(value), name
    # the name keeps its words, not the specials that would need quoting (see eml.display_name)
    assert msg["To"].addresses[0].display_name.startswith("Evil Bcc x evil.example")


def test_contact_without_a_valid_address_leaves_the_draft_unaddressed(sample, drafter):
    state, ledger = sample
    data = letter_data("demand", state.customer("ruitai-medical"), state, ledger)
    from dataclasses import replace

    contact = data.contact.model_copy(update={"email": "zhaomin@ruitai.example.cn\r\nBcc: x@evil.example"})
    msg = parse(drafter.draft(replace(data, contact=contact)).eml)
    assert msg["To"] is None and msg["Bcc"] is None
