"""Video scripts: timed scenes, each with what the camera shows, the voice-over and the
on-screen text; the hook opens, the angle carries the middle, the call to action closes."""

from __future__ import annotations

from umt.adapters.offline import banks_body as body
from umt.adapters.offline import banks_openers as openers
from umt.adapters.offline.extras import disclosures, hashtags
from umt.adapters.offline.limits import VIDEO_TITLE_MAX
from umt.adapters.offline.text import as_statement, capitalise, cut_words
from umt.adapters.offline.writer import Writer
from umt.domain.content.draft import ContentFields, ContentType, Draft

SECONDS_BY_SIZE = (15, 30, 60)
SCENES_BY_SIZE = (3, 4, 6)
ON_SCREEN_MAX = 32


def video_script(writer: Writer) -> Draft:
    seconds = SECONDS_BY_SIZE[writer.size]
    middle_count = SCENES_BY_SIZE[writer.size] - 2
    middle = writer.angle_sentences(middle_count)
    bridge = writer.bridge()
    if bridge and middle:  # the voice's phrase to use closes the last middle scene
        middle[-1] = f"{middle[-1]} {bridge}"
    closing = writer.with_tone(writer.cta_sentence())
    voice_overs = [as_statement(writer.hook(count=middle_count)), *middle, closing]
    captions = _captions(writer, len(voice_overs))
    visuals = [
        writer.one(body.VISUALS["hook"], "visual:hook", fallback="Open on the presenter."),
        *(
            body.VISUALS["body"][i % len(body.VISUALS["body"])]
            for i in _offsets(writer, len(middle))
        ),
        writer.one(body.VISUALS["cta"], "visual:cta", fallback="Logo and call to action."),
    ]
    step = seconds / len(voice_overs)
    scenes = []
    for index, (visual, voice, caption) in enumerate(
        zip(visuals, voice_overs, captions, strict=True)
    ):
        start, end = round(index * step), round((index + 1) * step)
        scenes.append(
            f"Scene {index + 1} ({_clock(start)}\u2013{_clock(end)})\n"
            f"Visual: {visual}\nVoice-over: {voice}\nOn-screen text: {caption}"
        )
    scenes += [f"End card: {d}" for d in disclosures(writer)]
    title = _title(writer, middle_count)
    return Draft(
        content_type=ContentType.VIDEO_SCRIPT,
        channel=writer.request.channel,
        title=title,
        body="\n\n".join(scenes),
        fields=ContentFields(hashtags=hashtags(writer), call_to_action=writer.cta.button),
        locale=writer.request.locale,
    )


def _captions(writer: Writer, count: int) -> list[str]:
    found = writer.pick(body.HEADLINES, "captions", count - 1, limit=ON_SCREEN_MAX)
    while len(found) < count - 1:
        found.append(cut_words(capitalise(writer.topic), ON_SCREEN_MAX) or writer.brand)
    return [*found, writer.cta.button]


def _offsets(writer: Writer, count: int) -> list[int]:
    start = writer.rng("visuals").randrange(len(body.VISUALS["body"]))
    return [start + i for i in range(count)]


def _title(writer: Writer, count: int) -> str:
    found = writer.pick(
        openers.SUBJECTS[writer.kind(count)],
        "title",
        limit=VIDEO_TITLE_MAX,
        slots={"count": writer.count_word(count)},
    )
    return found[0] if found else cut_words(capitalise(writer.topic), VIDEO_TITLE_MAX)


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
