"""Properties of version diffs: hunks rebuild both texts, and only changed fields appear."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from umt.domain.brand.channels import Channel
from umt.domain.content.diff import Granularity, diff_versions
from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.version import Author, ContentVersion
from umt.domain.shared.ids import ContentVersionId

T0 = datetime(2026, 1, 1, tzinfo=UTC)
texts = st.text(alphabet=st.sampled_from("ab c\n.é"), max_size=60)


def version(number: int, title: str, body: str) -> ContentVersion:
    return ContentVersion(
        id=ContentVersionId(uuid4()),
        number=number,
        draft=Draft(
            content_type=ContentType.BLOG_POST, channel=Channel.BLOG, title=title, body=body
        ),
        author=Author.named_agent("test"),
        created_at=T0,
    )


@given(texts, texts, texts, st.sampled_from(list(Granularity)))
def test_hunks_rebuild_both_versions(title: str, before: str, after: str, g: Granularity) -> None:
    old, new = version(1, title, before), version(2, title, after)
    diff = diff_versions(old, new, g)
    bodies = [f for f in diff.fields if f.field == "body"]
    assert diff.changed == (("body",) if before != after else ())
    if bodies:
        (body,) = bodies
        assert "".join(h.before for h in body.hunks) == before
        assert "".join(h.after for h in body.hunks) == after
        assert all(h.op in {"equal", "insert", "delete", "replace"} for h in body.hunks)
        assert all(h.before == h.after for h in body.hunks if h.op == "equal")
